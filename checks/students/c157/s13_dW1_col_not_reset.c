/*  backward.c  --  HW 3
 *
 *  output layer with BLAS on VLA views, the first layer by hand
 *  (one column of dW1 per hidden unit).
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double dZ2[N][C], dP1[N][H], dZ1[N][H];
    double col[D];
    gsl_matrix_view vZ2 = gsl_matrix_view_array(&dZ2[0][0], N, C);
    gsl_matrix_view vP1 = gsl_matrix_view_array(&dP1[0][0], N, H);
    gsl_matrix_view vZ1 = gsl_matrix_view_array(&dZ1[0][0], N, H);

    /* dZ2 */
    gsl_matrix_memcpy(&vZ2.matrix, cache->prob);
    for (n = 0; n < N; n++)
        dZ2[n][y[n]] -= 1.0;
    gsl_matrix_scale(&vZ2.matrix, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, &vZ2.matrix);

    /* dW2 = P1^T dZ2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &vZ2.matrix,
                   2.0 * reg, g->dW2);

    /* db2 */
    for (c = 0; c < C; c++) {
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += dZ2[n][c];
        gsl_vector_set(g->db2, c, s);
    }

    /* dP1 = dZ2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &vZ2.matrix, net->W2,
                   0.0, &vP1.matrix);
    gsl_matrix_memcpy(g->dp1, &vP1.matrix);

    /* dZ1 */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            dZ1[n][h] = gsl_matrix_get(cache->z1, n, h) > 0 ? dP1[n][h] : 0.0;
    gsl_matrix_memcpy(g->dz1, &vZ1.matrix);

    /* dW1, column h:  sum_n X[n][:] * dZ1[n][h], plus 2 reg W1[:][h] */
    memset(col, 0, sizeof col);
    for (h = 0; h < H; h++) {
        for (n = 0; n < N; n++)
            for (d = 0; d < D; d++)
                col[d] += gsl_matrix_get(X, n, d) * dZ1[n][h];
        for (d = 0; d < D; d++)
            gsl_matrix_set(g->dW1, d, h,
                           col[d] + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
    }

    /* db1 */
    for (h = 0; h < H; h++) {
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += dZ1[n][h];
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
