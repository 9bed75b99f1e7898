/*
 * backward.c -- hand written backprop (lab 3)
 *
 * index macros for the element-wise loops; the bias gradients are sums
 * of rows, done with row views and gsl_vector_add.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* cache, in backprop order */
#define PROB(n,c)  cache->prob->data[(n)*cache->prob->tda+(c)]
#define Z1(n,h)    cache->z1->data[(n)*cache->prob->tda+(h)]
#define P1(n,h)    cache->p1->data[(n)*cache->p1->tda+(h)]
/* params + input */
#define W2(h,c)    net->W2->data[(h)*net->W2->tda+(c)]
#define W1(d,h)    net->W1->data[(d)*net->W1->tda+(h)]
#define IN(n,d)    X->data[(n)*X->tda+(d)]
/* grads */
#define DZ2(n,c)   g->dz2->data[(n)*g->dz2->tda+(c)]
#define DW2(h,c)   g->dW2->data[(h)*g->dW2->tda+(c)]
#define DP1(n,h)   g->dp1->data[(n)*g->dp1->tda+(h)]
#define DZ1(n,h)   g->dz1->data[(n)*g->dz1->tda+(h)]
#define DW1(d,h)   g->dW1->data[(d)*g->dW1->tda+(h)]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            DZ2(n,c) = (PROB(n,c) - (c == y[n])) / (double)N;

    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            double s = 0;
            for (n = 0; n < N; n++)
                s += P1(n,h) * DZ2(n,c);
            DW2(h,c) = s + 2*reg*W2(h,c);
        }

    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, n);
        gsl_vector_add(g->db2, &row.vector);
    }

    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            double s = 0;
            for (c = 0; c < C; c++)
                s += DZ2(n,c) * W2(h,c);
            DP1(n,h) = s;
        }

    /* relu backward */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            DZ1(n,h) = Z1(n,h) > 0 ? DP1(n,h) : 0;

    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            double s = 0;
            for (n = 0; n < N; n++)
                s += IN(n,d) * DZ1(n,h);
            DW1(d,h) = s + 2*reg*W1(d,h);
        }

    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, n);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
