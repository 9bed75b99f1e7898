/* backward.c
 *
 * Write r(x) = max(0, x) for the ReLU; r'(x) = 1 if x > 0, 0 otherwise.
 *
 *   dz2[i][k] = (P[i][k] - d(k, y_i)) / N
 *   dW2[h][k] = sum_i p1[i][h] dz2[i][k] + 2 reg W2[h][k]
 *   db2[k]    = sum_i dz2[i][k]
 *   dp1[i][h] = sum_k dz2[i][k] W2[h][k]
 *   dz1[i][h] = r'(dp1[i][h]) dp1[i][h]
 *   dW1[d][h] = sum_i X[i][d] dz1[i][h] + 2 reg W1[d][h]
 *   db1[h]    = sum_i dz1[i][h]
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double relu_prime(double x)
{
    return x > 0.0 ? 1.0 : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, h, k, d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double v = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                v -= 1.0;
            gsl_matrix_set(g->dz2, i, k, v / (double) N);
        }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++) {
            double up = gsl_matrix_get(g->dp1, i, h);
            gsl_matrix_set(g->dz1, i, h, relu_prime(up) * up);
        }

    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            double s = 2.0 * reg * gsl_matrix_get(net->W1, d, h);
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
            gsl_matrix_set(g->dW1, d, h, s);
        }

    for (h = 0; h < H; h++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
