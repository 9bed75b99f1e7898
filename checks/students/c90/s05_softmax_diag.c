/*
 * HW3 -- backward pass of the two layer net.
 *
 * Indices: n sample, j hidden, k class, d input.
 *
 * Softmax + cross-entropy for one sample with label y:
 *     L_n = -log P_y,      P_k = e^{z_k} / sum_m e^{z_m}
 * P_k is a function of z_k, so
 *     dP_y/dz_k = P_y (1 - P_y)   if k = y,
 *               = 0               if k != y,
 * and dL_n/dz_k = -(1/P_y) dP_y/dz_k = P_y - 1 on the label, 0 elsewhere.
 * L is the mean over the batch: divide by N.
 *
 * The rest is the chain rule through the affine maps and the ReLU:
 *     dW2[j][k] = sum_n p1[n][j] dz2[n][k] + 2 reg W2[j][k]
 *     db2[k]    = sum_n dz2[n][k]
 *     dp1[n][j] = sum_k dz2[n][k] W2[j][k]
 *     dz1[n][j] = dp1[n][j] if z1[n][j] > 0, else 0
 *     dW1[d][j] = sum_n X[n][d] dz1[n][j] + 2 reg W1[d][j]
 *     db1[j]    = sum_n dz1[n][j]
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, j, k, d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (n = 0; n < N; n++) {
        for (k = 0; k < C; k++) {
            double P = gsl_matrix_get(cache->prob, n, k);
            double dk = (k == y[n]) ? P - 1.0 : 0.0;    /* off-label terms vanish */
            gsl_matrix_set(g->dz2, n, k, dk / N);
        }
    }

    /* dW2, db2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, j) * gsl_matrix_get(g->dz2, n, k);
            gsl_matrix_set(g->dW2, j, k, acc + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    for (k = 0; k < C; k++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz2, n, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* dp1, dz1 */
    for (n = 0; n < N; n++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(g->dz2, n, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, n, j, acc);
            gsl_matrix_set(g->dz1, n, j, gsl_matrix_get(cache->z1, n, j) > 0 ? acc : 0.0);
        }
    }

    /* dW1, db1 */
    for (d = 0; d < D; d++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, j);
            gsl_matrix_set(g->dW1, d, j, acc + 2 * reg * gsl_matrix_get(net->W1, d, j));
        }
    }
    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
