/* backward.c -- HW3 (backprop by hand, no BLAS allowed in part (a)) */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static inline double get(const gsl_matrix *A, size_t i, size_t j)
{
    return gsl_matrix_get(A, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dL/dz2 */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, n, c,
                           (get(cache->prob, n, c) - (c == y[n])) / (double)N);

    /* dL/dW2[h][c] = sum_n p1[n][h] dz2[n][c] + 2 reg W2[h][c] */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += get(cache->p1, n, c) * get(g->dz2, n, c);
            gsl_matrix_set(g->dW2, h, c, acc + 2.0 * reg * get(net->W2, h, c));
        }

    /* dL/db2 */
    for (c = 0; c < C; c++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, acc);
    }

    /* dL/dp1[n][h] = sum_c dz2[n][c] W2[h][c]; dL/dz1 = that, gated */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            double acc = 0.0;
            for (c = 0; c < C; c++)
                acc += get(g->dz2, n, c) * get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, acc);
            gsl_matrix_set(g->dz1, n, h, get(cache->z1, n, h) > 0.0 ? acc : 0.0);
        }

    /* dL/dW1 */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += get(X, n, d) * get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, acc + 2.0 * reg * get(net->W1, d, h));
        }

    /* dL/db1 */
    for (h = 0; h < H; h++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
