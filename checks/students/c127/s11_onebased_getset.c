/* backward.c -- assignment 3, backprop by hand.
 * GET/SET take MATLAB (1-based) indices so I can keep my loops.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(A, i, j)    gsl_matrix_get((A), (i) - 1, (j) - 1)
#define SET(A, i, j, v) gsl_matrix_set((A), (i) - 1, (j) - 1, (v))
#define VGET(v, i)      gsl_vector_get((v), (i) - 1)
#define VSET(v, i, x)   gsl_vector_set((v), (i) - 1, (x))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* delta_out = (P - T) / N */
    for (n = 1; n <= N; n++)
        for (c = 1; c <= C; c++)
            SET(g->dz2, n, c, (GET(cache->prob, n, c) - (c == y[n - 1] + 1)) / N);

    /* grad W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    for (c = 1; c <= C; c++) {
        s = 0;
        for (n = 1; n <= N; n++)
            s += GET(g->dz2, n, c);
        VSET(g->db2, c, s);
    }

    /* delta_hidden = delta_out * W2' .* (z1 > 0) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (n = 1; n <= N; n++)
        for (h = 1; h <= H; h++)
            SET(g->dz1, n, h, GET(cache->z1, n, h) > 0 ? GET(g->dp1, n, h) : 0.0);

    /* grad W1 = X' * delta_hidden + 2 reg W1 */
    for (d = 1; d <= D; d++)
        for (h = 1; h <= H; h++) {
            s = 0;
            for (n = 1; n < N; n++)
                s += GET(X, n, d) * GET(g->dz1, n, h);
            SET(g->dW1, d, h, s + 2 * reg * GET(net->W1, d, h));
        }

    /* grad b1 */
    for (h = 1; h <= H; h++) {
        s = 0;
        for (n = 1; n <= N; n++)
            s += GET(g->dz1, n, h);
        VSET(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
