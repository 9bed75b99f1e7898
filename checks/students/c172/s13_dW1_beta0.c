/*  backward.c
 *
 *  Backward pass for the two-layer classifier (A2, Q3).
 *
 *  Trick from the GSL manual: dgemm computes C = alpha op(A) op(B) + beta C,
 *  so putting 2*reg*W into C first gives the reg term for free.
 *
 *  N: batch   D: input dim   H: hidden   C: classes
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    gsl_vector *ones_N;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    ones_N = gsl_vector_alloc(N);
    if (ones_N == NULL)
    {
        return 1;
    }
    gsl_vector_set_all(ones_N, 1.0);

    /* dz2 (N x C) = (prob - onehot(y)) / N */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->C; j++)
        {
            double target = (j == y[i]) ? 1.0 : 0.0;
            double val = (gsl_matrix_get(cache->prob, i, j) - target) / (double) N;
            gsl_matrix_set(g->dz2, i, j, val);
        }
    }

    /* dW2 (H x C): C <- 2 reg W2, then C <- p1' dz2 + C */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    /* db2 (C) = dz2' 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones_N, 0.0, g->db2);

    /* dp1 (N x H) = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 (N x H) = dp1 * relu'(z1) */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            double mask = (gsl_matrix_get(cache->z1, i, j) > 0.0) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, mask * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* dW1 (D x H): same trick as dW2 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

    /* db1 (H) = dz1' 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones_N, 0.0, g->db1);

    gsl_vector_free(ones_N);
    g->present = BP_GRADS_ALL;
    return 0;
}
