/* =========================================================
 *  backward.c   (Assignment 2, Q3)
 *  Sofia Lindqvist
 *
 *  I name the cached tensors like the lecture slides:
 *    a1 = hidden activations, s = scores, P = softmax
 *  and work through const views so nothing in the cache is touched.
 * ========================================================= */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_const_view P  = gsl_matrix_const_submatrix(cache->prob, 0, 0, N, C);
    gsl_matrix_const_view a1 = gsl_matrix_const_submatrix(cache->z1, 0, 0, N, H);
    gsl_matrix_const_view h1 = gsl_matrix_const_submatrix(cache->z1, 0, 0, N, H);

    /* ds = (P - Y) / N */
    gsl_matrix_memcpy(g->dz2, &P.matrix);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, i);
        gsl_vector_set(&r.vector, y[i], gsl_vector_get(&r.vector, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = a1^T ds + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &a1.matrix, g->dz2, 2.0 * reg, g->dW2);

    /* db2 */
    for (size_t c = 0; c < C; c++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, c);
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, c, s);
    }

    /* da1 = ds W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dh1 = da1 * [h1 > 0] */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(&h1.matrix, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 = X^T dh1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    for (size_t j = 0; j < H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
