/*
 * backward.c -- full index notation, no matrix shortcuts.
 *
 *   z2[n][c] = sum_k p1[n][k] W2[k][c] + b2[c]
 *   => dz2[n][c] / dp1[m][k] = delta(n,m) W2[k][c]
 *   => dL/dp1[m][k] = sum_n sum_c dL/dz2[n][c] delta(n,m) W2[k][c]
 *
 *   prob[n][a] = softmax(z2[n])[a]
 *   => dprob[n][a] / dz2[n][c] = prob[n][a] (delta(a,c) - prob[n][c])
 */
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double delta(size_t a, size_t b)
{
    return a == b ? 1.0 : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, m, a, c, k, d;

    /* dL/dz2[n][c] = sum_a dL/dprob[n][a] dprob[n][a]/dz2[n][c] */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
        {
            double s = 0.0;
            for (a = 0; a < C; a++)
            {
                double dLdprob = delta(a, y[n]) * -1.0 / (N * gsl_matrix_get(cache->prob, n, a));
                double pa = gsl_matrix_get(cache->prob, n, a);
                s += dLdprob * pa * (delta(a, c) - gsl_matrix_get(cache->prob, n, c));
            }
            gsl_matrix_set(g->dz2, n, c, s);
        }

    /* dL/dW2[k][c] = sum_n dL/dz2[n][c] p1[n][k], + 2 reg W2 */
    for (k = 0; k < H; k++)
        for (c = 0; c < C; c++)
        {
            double s = 0.0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(cache->p1, n, k);
            gsl_matrix_set(g->dW2, k, c, s + 2.0 * reg * gsl_matrix_get(net->W2, k, c));
        }
    for (c = 0; c < C; c++)
    {
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, s);
    }

    /* dL/dp1[m][k] */
    for (m = 0; m < N; m++)
        for (k = 0; k < H; k++)
        {
            double s = 0.0;
            for (n = 0; n < N; n++)
                for (c = 0; c < C; c++)
                    s += gsl_matrix_get(g->dz2, n, c) * delta(n, k) * gsl_matrix_get(net->W2, k, c);
            gsl_matrix_set(g->dp1, m, k, s);
        }

    /* dp1[n][k]/dz1[m][j] = delta(n,m) delta(k,j) [z1[n][k] > 0] */
    for (m = 0; m < N; m++)
        for (k = 0; k < H; k++)
            gsl_matrix_set(g->dz1, m, k,
                           gsl_matrix_get(cache->z1, m, k) > 0.0 ? gsl_matrix_get(g->dp1, m, k) : 0.0);

    /* dL/dW1[d][k] = sum_n X[n][d] dL/dz1[n][k] */
    for (d = 0; d < D; d++)
        for (k = 0; k < H; k++)
        {
            double s = 0.0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, k);
            gsl_matrix_set(g->dW1, d, k, s + 2.0 * reg * gsl_matrix_get(net->W1, d, k));
        }
    for (k = 0; k < H; k++)
    {
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_matrix_get(g->dz1, n, k);
        gsl_vector_set(g->db1, k, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
