/*
 * backward.c - backward pass, two-layer fully connected net
 *
 * Conventions: everything row-major, one sample per row.
 *    X    : N x D         W1 : D x H        W2 : H x C
 *    z1,p1: N x H         z2, prob : N x C
 * The loss is a mean over the batch, so every gradient carries a 1/N.
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* s (M) <- sum over rows of A (N x M) */
static void sum_over_rows(const gsl_matrix *A, gsl_vector *s)
{
    size_t r, c;
    for (c = 0; c < A->size2; c++) {
        double acc = 0.0;
        for (r = 0; r < A->size1; r++)
            acc += gsl_matrix_get(A, r, c);
        gsl_vector_set(s, c, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H;
    const double scale = 1.0 / (double) N;
    size_t n, h;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 : N x C */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        *gsl_matrix_ptr(g->dz2, n, y[n]) -= 1.0;
    gsl_matrix_scale(g->dz2, scale);

    /* dW2 : H x C  = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 : C */
    sum_over_rows(g->dz2, g->db2);

    /* dp1 : N x H  = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, scale, g->dz2, net->W2,
                   0.0, g->dp1);

    /* dz1 : N x H */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            if (gsl_matrix_get(cache->z1, n, h) > 0.0)
                gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(g->dp1, n, h));
            else
                gsl_matrix_set(g->dz1, n, h, 0.0);
        }
    }

    /* dW1 : D x H  = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);

    /* db1 : H */
    sum_over_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
