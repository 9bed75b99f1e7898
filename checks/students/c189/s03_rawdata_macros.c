/*
 * backward.c  --  homework 5
 *
 * I use the ->data arrays directly with tda (row stride) because the
 * get/set calls were slow when I tried it on the big net.  Macros below
 * just to make the indexing readable.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, r, c)  ((m)->data[(r) * (m)->tda + (c)])
#define VAT(v, k)    ((v)->data[(k) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B, with A (n, a), B (n, b), out (a, b) */
static void matTmul (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t r, c, n;
    for (r = 0; r < A->size2; r++)
        for (c = 0; c < B->size2; c++) {
            double acc = 0.0;
            for (n = 0; n < A->size1; n++)
                acc += AT(A, n, r) * AT(B, n, c);
            AT(out, r, c) = acc;
        }
}

/* sum of every column of A into v */
static void colsum (const gsl_matrix *A, gsl_vector *v)
{
    size_t r, c;
    for (c = 0; c < A->size2; c++) {
        double acc = 0.0;
        for (r = 0; r < A->size1; r++)
            acc += AT(A, r, c);
        VAT(v, c) = acc;
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. dz2 (N,C) */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            AT(g->dz2, n, c) = (AT(cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) / (double) N;

    /* 2. dW2 (H,C) = p1^T dz2 + 2*reg*W2 */
    matTmul (cache->p1, g->dz2, g->dW2);
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            AT(g->dW2, h, c) += 2.0 * reg * AT(net->W2, h, c);

    /* 3. db2 (C) */
    colsum (g->dz2, g->db2);

    /* 4. dp1 (N,H) = dz2 W2^T */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            double acc = 0.0;
            for (c = 0; c < C; c++)
                acc += AT(g->dz2, n, c) * AT(net->W2, h, c);
            AT(g->dp1, n, h) = acc;
        }

    /* 5. dz1 (N,H): relu' is 1 where p1 > 0 (same thing as z1 > 0) */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            AT(g->dz1, n, h) = AT(cache->p1, n, h) > 0.0 ? AT(g->dp1, n, h) : 0.0;

    /* 6. dW1 (D,H) */
    matTmul (X, g->dz1, g->dW1);
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            AT(g->dW1, d, h) += 2.0 * reg * AT(net->W1, d, h);

    /* 7. db1 (H) */
    colsum (g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
