/*
 * backward.c -- backpropagation, one example after the other
 *
 *   output error   e2 = prob - onehot          (C)
 *   hidden error   e1 = (W2 e2) * relu'(z1)    (H)
 *   dW2 += a1 e2^T, db2 += e2, dW1 += x e1^T, db1 += e1
 *
 * relu'(z) is 1 for an active unit and 0 for a dead one, so I look up
 * which hidden units are active once, before the loop, in active[].
 * The 1/N and the 2*reg*W come after the loop.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double inv = 1.0 / (double) N;
    double active[H];
    size_t n, d, h, c;

    for (h = 0; h < H; h++)
        active[h] = (gsl_matrix_get(cache->z1, 0, h) > 0.0) ? 1.0 : 0.0;

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (n = 0; n < N; n++)
    {
        double e2[C], back[H], e1[H];

        for (c = 0; c < C; c++)
            e2[c] = gsl_matrix_get(cache->prob, n, c) - (y[n] == c ? 1.0 : 0.0);

        for (h = 0; h < H; h++)
        {
            back[h] = 0.0;
            for (c = 0; c < C; c++)
                back[h] += gsl_matrix_get(net->W2, h, c) * e2[c];
            e1[h] = back[h] * active[h];
        }

        for (c = 0; c < C; c++)
        {
            gsl_matrix_set(g->dz2, n, c, e2[c] * inv);
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + e2[c]);
            for (h = 0; h < H; h++)
                gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c)
                               + gsl_matrix_get(cache->p1, n, h) * e2[c]);
        }
        for (h = 0; h < H; h++)
        {
            gsl_matrix_set(g->dp1, n, h, back[h] * inv);
            gsl_matrix_set(g->dz1, n, h, e1[h] * inv);
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + e1[h]);
            for (d = 0; d < D; d++)
                gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h)
                               + gsl_matrix_get(X, n, d) * e1[h]);
        }
    }

    for (h = 0; h < H; h++)
    {
        gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) * inv);
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c) * inv
                           + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        for (d = 0; d < D; d++)
            gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h) * inv
                           + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
    }
    for (c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) * inv);

    g->present = BP_GRADS_ALL;
    return 0;
}
