/*
 * Lab 4 -- backward pass of the 2-layer net.
 * Accessors: AT(m,i,j) row i col j, VAT(v,i).  Indices: n sample,
 * h hidden unit, k class, d input feature.
 */
#include "backprop.h"

#define AT(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define VAT(v,i) ((v)->data[(i)*(v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, k, d;
    double inv_n, tmp;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    inv_n = 1.0 / (double) N;

    /* dz2(n,k) = prob(n,k)/N, and -1/N at the true class */
    for (n = 0; n < N; n++)
        for (k = 0; k < C; k++)
        {
            tmp = AT(cache->prob, n, k);
            if (y[n] == k)
                tmp -= 1.0;
            AT(g->dz2, n, k) = tmp * inv_n;
        }

    /* db2 first (simple), then dW2 */
    for (k = 0; k < C; k++)
    {
        tmp = 0.0;
        for (n = 0; n < N; n++)
            tmp += AT(g->dz2, n, k);
        VAT(g->db2, k) = tmp;
    }
    for (h = 0; h < H; h++)
        for (k = 0; k < C; k++)
        {
            tmp = 2.0 * reg * AT(net->W2, h, k);
            for (n = 0; n < N; n++)
                tmp += AT(cache->p1, n, h) * AT(g->dz2, n, k);
            AT(g->dW2, h, k) = tmp;
        }

    /* dp1(n,h) = sum_k dz2(n,k) W2(h,k) */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
        {
            tmp = 0.0;
            for (k = 0; k < C; k++)
                tmp += AT(g->dz2, k, n) * AT(net->W2, h, k);
            AT(g->dp1, n, h) = tmp;
        }

    /* relu gate */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            AT(g->dz1, n, h) = (AT(cache->z1, n, h) > 0.0) * AT(g->dp1, n, h);

    /* dW1 = X^T dz1 + 2 reg W1,  db1 = colsum(dz1) */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
        {
            tmp = 2.0 * reg * AT(net->W1, d, h);
            for (n = 0; n < N; n++)
                tmp += AT(X, n, d) * AT(g->dz1, n, h);
            AT(g->dW1, d, h) = tmp;
        }
    for (h = 0; h < H; h++)
    {
        tmp = 0.0;
        for (n = 0; n < N; n++)
            tmp += AT(g->dz1, n, h);
        VAT(g->db1, h) = tmp;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
