/*
 * backward.c
 * 2-layer fully connected net, backward pass.  Uses gsl_blas_dgemm with the
 * transpose flags instead of making transposed copies.
 *
 *   dW2 = h^T ds + 2 reg W2      dh = ds W2^T
 *   dW1 = X^T dh + 2 reg W1      (after the relu)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define NT CblasNoTrans
#define TR CblasTrans

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;
    gsl_vector *ones;
    gsl_matrix *relu_d;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);
    relu_d = gsl_matrix_alloc(N, H);

    /* ds */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* layer 2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(TR, NT, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    gsl_blas_dgemv(TR, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dh */
    gsl_blas_dgemm(NT, TR, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(relu_d, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, relu_d);

    /* layer 1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(TR, NT, 1.0, X, g->dp1, 2 * reg, g->dW1);
    gsl_blas_dgemv(TR, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free(relu_d);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
