/* backward.c -- two-layer net, backward pass.
 * Helpers: l2_grad adds the penalty's gradient, bias_grad sums rows.
 * Author's note: the penalty is reg * sum W^2, so d/dW = reg * W. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW += d/dW (reg |W|^2) */
static void l2_grad(const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    size_t i, j;
    for (i = 0; i < W->size1; i++)
        for (j = 0; j < W->size2; j++)
            *gsl_matrix_ptr(dW, i, j) += reg * gsl_matrix_get(W, i, j);
}

static void bias_grad(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t i;
    gsl_vector_set_zero(db);
    for (i = 0; i < dZ->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dZ, i);
        gsl_vector_add(db, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax loss */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* output layer */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    l2_grad(net->W2, reg, g->dW2);
    bias_grad(g->dz2, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0
                                         ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* hidden layer */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    l2_grad(net->W1, reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
