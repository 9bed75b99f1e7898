/* backward.c
 *
 * Homework 3: backward pass.  Helpers at the top, the pass at the bottom.
 * -- Marco R.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out[i][j] = upstream[i][j] if the pre-activation was > 0 else 0 */
static void relu_grad(const gsl_matrix *pre, const gsl_matrix *upstream,
                      gsl_matrix *out)
{
    size_t i, j;
    for (i = 0; i < out->size1; i++)
        for (j = 0; j < out->size2; j++)
            gsl_matrix_set(out, i, j,
                           gsl_matrix_get(pre, i, j) > 0.0
                               ? gsl_matrix_get(upstream, i, j) : 0.0);
}

/* v = sum over the rows of A */
static void col_sum(const gsl_matrix *A, gsl_vector *v)
{
    size_t i;
    gsl_vector_set_zero(v);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(v, &r.vector);
    }
}

/* dW = A^T dZ + 2 reg W */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    col_sum(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    relu_grad(g->dp1, cache->z1, g->dz1);

    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
