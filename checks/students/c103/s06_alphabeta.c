/* backward.c -- backward pass, two-layer net.
 * Shapes: dz2 N x C, dW2 H x C, db2 C, dp1 N x H, dz1 N x H, dW1 D x H, db1 H.
 * The reg term rides in dgemm's beta: copy W into dW first, then
 * dW = alpha A'B + beta dW with beta = 2 reg. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void rowsum(const gsl_matrix *A, gsl_vector *s)
{
    size_t i;
    gsl_vector_set_zero(s);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_blas_daxpy(1.0, &r.vector, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, n, h;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        *gsl_matrix_ptr(g->dz2, n, y[n]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 2.0 * reg, cache->p1, g->dz2,
                   1.0, g->dW2);
    rowsum(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++)
        for (h = 0; h < net->H; h++)
            if (gsl_matrix_get(cache->z1, n, h) <= 0.0)
                gsl_matrix_set(g->dz1, n, h, 0.0);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    rowsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
