/* backward.c -- two-layer net
 *
 * Forward, in indices (n sample, j hidden, c class, d input):
 *   z1[n][j] = sum_d X[n][d] W1[d][j] + b1[j],   p1[n][j] = max(0, z1[n][j])
 *   z2[n][c] = sum_j p1[n][j] W2[j][c] + b2[c]
 *
 * Backward:
 *   dz2[n][c] = (P[n][c] - delta(c, y_n)) / N
 *   dW2[j][c] = sum_n p1[n][j] dz2[n][c] + 2 reg W2[j][c]
 *   db2[c]    = sum_n dz2[n][c]
 *   dp1[n][j] = sum_c dz2[n][c] W2[j][c]   for the units that are on
 *               (z1[n][j] > 0); a dead unit gets no gradient
 *   dz1[n][j] = dp1[n][j] [z1[n][j] > 0]
 *   dW1[d][j] = sum_n X[n][d] dz1[n][j] + 2 reg W1[d][j]
 *   db1[j]    = sum_n dz1[n][j]
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double onehot(size_t c, size_t label)
{
    return c == label ? 1.0 : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, j, c, d;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, n, c,
                           (gsl_matrix_get(cache->prob, n, c) - onehot(c, y[n])) / N);

    for (j = 0; j < H; j++)
        for (c = 0; c < C; c++) {
            s = 0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(cache->p1, n, j) * gsl_matrix_get(g->dz2, n, c);
            gsl_matrix_set(g->dW2, j, c, s + 2 * reg * gsl_matrix_get(net->W2, j, c));
        }

    for (c = 0; c < C; c++) {
        s = 0;
        for (n = 0; n < N; n++)
            s += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, s);
    }

    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++) {
            s = 0;
            if (gsl_matrix_get(cache->z1, n, j) > 0)
                for (c = 0; c < C; c++)
                    s += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, j, c);
            gsl_matrix_set(g->dp1, n, j, s);
        }

    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, n, j, gsl_matrix_get(cache->z1, n, j) > 0
                                         ? gsl_matrix_get(g->dp1, n, j) : 0);

    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++) {
            s = 0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, j);
            gsl_matrix_set(g->dW1, d, j, s + 2 * reg * gsl_matrix_get(net->W1, d, j));
        }

    for (j = 0; j < H; j++) {
        s = 0;
        for (n = 0; n < N; n++)
            s += gsl_matrix_get(g->dz1, n, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
