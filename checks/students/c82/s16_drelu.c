/* two layer net -- backward
 * Ines Carvalho
 *
 * activation derivatives in their own functions so I can swap relu for
 * something else later (like the sigmoid one from lecture 4) */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* relu'(z) */
static double drelu(double z)
{
    return z > 0.0 ? z : 0.0;
}

static void bias_grad(const gsl_matrix *dout, gsl_vector *db)
{
    gsl_vector_set_zero(db);
    for (size_t i = 0; i < dout->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dout, i);
        gsl_vector_add(db, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax + cross entropy */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* output layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
    bias_grad(g->dz2, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* chain rule through the activation: dz1 = dp1 * f'(z1) */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(g->dp1, i, j) * drelu(gsl_matrix_get(cache->z1, i, j)));

    /* input layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
