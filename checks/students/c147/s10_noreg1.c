/*
 * backward.c
 *   Backward pass of the two-layer net, hand written.
 *   AT(m,i,j) is element (i,j) of a row-major gsl_matrix.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

static void zero_vec(gsl_vector *v)
{
    int i;
    for (i = 0; i < (int) v->size; i++)
        v->data[i * v->stride] = 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N, D, H, C, n, d, h, c;
    double t;

    N = (int) X->size1;  D = (int) X->size2;
    H = (int) net->H;    C = (int) net->C;
    if (N != (int) g->N || D != (int) g->D)
        return 1;

    /* dz2 */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
        {
            t = AT(cache->prob, n, c);
            if (c == (int) y[n])
                t -= 1.0;
            AT(g->dz2, n, c) = t / (double) N;
        }

    /* dW2 = p1' dz2 + 2 reg W2 ; db2 = sum_n dz2 */
    zero_vec(g->db2);
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            AT(g->dW2, h, c) = 2.0 * reg * AT(net->W2, h, c);
    for (n = 0; n < N; n++)
    {
        for (c = 0; c < C; c++)
        {
            for (h = 0; h < H; h++)
                AT(g->dW2, h, c) += AT(cache->p1, n, h) * AT(g->dz2, n, c);
            g->db2->data[c * g->db2->stride] += AT(g->dz2, n, c);
        }
    }

    /* dp1 = dz2 W2' and dz1 = dp1 where z1 > 0 */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
        {
            t = 0.0;
            for (c = 0; c < C; c++)
                t += AT(g->dz2, n, c) * AT(net->W2, h, c);
            AT(g->dp1, n, h) = t;
            AT(g->dz1, n, h) = (AT(cache->z1, n, h) > 0.0) ? t : 0.0;
        }

    /* dW1 = X' dz1 + 2 reg W1 ; db1 = sum_n dz1 */
    zero_vec(g->db1);
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            AT(g->dW1, d, h) = 0.0;
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            for (d = 0; d < D; d++)
                AT(g->dW1, d, h) += AT(X, n, d) * AT(g->dz1, n, h);
            g->db1->data[h * g->db1->stride] += AT(g->dz1, n, h);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
