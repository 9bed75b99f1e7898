/* backward.c -- Lab 4.
 * I made one short macro per matrix on top of AT/VAT so the loops
 * look like the math in the notes. */
#include "backprop.h"

#define AT(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define VAT(v,i) ((v)->data[(i)*(v)->stride])

#define PROB(i,j) AT(cache->prob,i,j)
#define Z1(i,j)   AT(cache->z1,i,j)
#define P1(i,j)   AT(cache->p1,i,j)
#define W1(i,j)   AT(net->W1,i,j)
#define W2(i,j)   AT(net->W2,i,j)
#define XX(i,j)   AT(X,i,j)
#define DZ2(i,j)  AT(g->dz2,i,j)
#define DW2(i,j)  AT(g->dW2,i,j)
#define DP1(i,j)  AT(g->dp1,i,j)
#define DZ1(i,j)  AT(g->dz1,i,j)
#define DW1(i,j)  AT(g->dW1,i,j)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            DZ2(n, c) = (PROB(n, c) - (c == y[n] ? 1.0 : 0.0)) / N;

    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            DW2(h, c) = 2 * reg * W2(h, c);
            for (n = 0; n < N; n++)
                DW2(h, c) += P1(n, h) * DZ2(n, c);
        }

    for (c = 0; c < C; c++) {
        VAT(g->db2, c) = 0;
        for (n = 0; n < N; n++)
            VAT(g->db2, c) += DZ2(n, c);
    }

    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            DP1(n, h) = 0;
            for (c = 0; c < C; c++)
                DP1(n, h) += DZ2(n, c) * W2(h, c);
        }

    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            DZ1(n, h) = Z1(n, h) > 0 ? DP1(n, h) : 0;

    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            DW1(d, h) = 2 * reg * W1(d, h);
            for (n = 0; n < N; n++)
                DW1(d, h) += XX(n, d) * DZ1(n, h);
        }

    /* db1 = sum of the hidden gradient over the batch */
    for (h = 0; h < H; h++) {
        VAT(g->db1, h) = 0;
        for (n = 0; n < N; n++)
            VAT(g->db1, h) += DP1(n, h);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
