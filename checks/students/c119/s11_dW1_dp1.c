/* Lab 4 - backward.c
 * I make the transposes myself with gsl_matrix_transpose_memcpy and then
 * use dgemm with NoTrans (could not get CblasTrans to work at first).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j;
    double v;
    gsl_matrix *p1T, *XT, *W2T;

    p1T = gsl_matrix_alloc(H, N);
    XT = gsl_matrix_alloc(D, N);
    W2T = gsl_matrix_alloc(C, H);
    gsl_matrix_transpose_memcpy(p1T, cache->p1);
    gsl_matrix_transpose_memcpy(XT, X);
    gsl_matrix_transpose_memcpy(W2T, net->W2);

    /* dz2 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            v = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                v = v - 1.0;
            gsl_matrix_set(g->dz2, i, j, v / N);
        }
    }

    /* dW2 = p1T * dz2, then the regularization */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, g->dW2);
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            v = gsl_matrix_get(g->dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dW2, i, j, v);
        }
    }

    /* db2 */
    for (j = 0; j < C; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz2, j);
        gsl_vector_set(g->db2, j, gsl_vector_sum(&col.vector));
    }

    /* dp1 = dz2 * W2T */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

    /* dz1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* dW1 = XT * dz1, then the regularization */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, g->dp1, 0.0, g->dW1);
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            v = gsl_matrix_get(g->dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j);
            gsl_matrix_set(g->dW1, i, j, v);
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz1, j);
        gsl_vector_set(g->db1, j, gsl_vector_sum(&col.vector));
    }

    gsl_matrix_free(p1T);
    gsl_matrix_free(XT);
    gsl_matrix_free(W2T);

    g->present = BP_GRADS_ALL;
    return 0;
}
