/*
 * backward.c  --  Problem set 4, part (b)
 *
 * Derivation first (index form), then the matrix form that the BLAS call
 * implements.  n = sample, j = hidden unit, c = class, d = input.
 *
 *   dz2[n][c] = (P[n][c] - 1{c = y_n}) / N
 *   dW2[j][c] = sum_n p1[n][j] dz2[n][c] + 2 reg W2[j][c]   <=>  dW2 = p1^T dz2 + 2 reg W2
 *   db2[c]    = sum_n dz2[n][c]
 *   dp1[n][j] = sum_c dz2[n][c] W2[j][c]                    <=>  dp1 = dz2 W2^T
 *   dz1[n][j] = dp1[n][j] 1{z1[n][j] > 0}
 *   dW1[d][j] = sum_n X[n][d] dz1[n][j] + 2 reg W1[d][j]    <=>  dW1 = X^T dz1 + 2 reg W1
 *   db1[j]    = sum_n dz1[n][j]
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t n, j, c;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (P - Y) / N, Y the one-hot labels */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++) {
        double *e = gsl_matrix_ptr(g->dz2, n, y[n]);
        *e -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = p1^T dz2 + 2 reg W2: copy W2 in, then beta = 2 reg */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2[c] = sum_n dz2[n][c] */
    for (c = 0; c < C; c++) {
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, s);
    }

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu'(z1) = 1{z1 > 0} = 1{p1 > 0}, since p1 = max(0, z1) */
    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++) {
            double m = gsl_matrix_get(cache->p1, n, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, n, j, m * gsl_matrix_get(g->dp1, n, j));
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1[j] = sum_n dz1[n][j] */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_matrix_get(g->dz1, n, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
