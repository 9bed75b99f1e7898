/*
 * backward.c
 *
 * Shapes:  dz2 (N,C)   W2 (H,C)   dp1 = dz2 * W2^T  (N,H)
 * For W2^T I use a matrix view of W2's data with the sizes swapped,
 * so there is no copy and no transpose flag to get wrong.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* dL/dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* dL/dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    /* dL/db2 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dL/dp1 = dz2 W2^T */
    gsl_matrix_const_view W2T = gsl_matrix_const_view_array(net->W2->data, C, H);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, &W2T.matrix, 0.0, g->dp1);

    /* dL/dz1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* dL/dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    /* dL/db1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
