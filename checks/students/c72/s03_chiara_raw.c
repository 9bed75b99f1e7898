/*
 * Assignment 3 -- backward pass
 * Chiara R.
 *
 * Works directly on the ->data arrays (row i starts at data + i*tda).
 */

#include <string.h>
#include "backprop/grads.h"

#define AT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double invN = 1.0 / (double) N;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* scores */
    for (size_t i = 0; i < N; i++)
    {
        const double *pr = cache->prob->data + i * cache->prob->tda;
        double *d = g->dz2->data + i * g->dz2->tda;
        for (size_t k = 0; k < C; k++)
            d[k] = pr[k] * invN;
        d[y[i]] -= invN;
    }

    /* output layer: start from the reg part, then accumulate sample by sample */
    for (size_t j = 0; j < H; j++)
        for (size_t k = 0; k < C; k++)
            AT(g->dW2, j, k) = 2.0 * reg * AT(net->W2, j, k);
    for (size_t k = 0; k < C; k++)
        VAT(g->db2, k) = 0.0;

    for (size_t i = 0; i < N; i++)
    {
        const double *d = g->dz2->data + i * g->dz2->tda;
        for (size_t j = 0; j < H; j++)
        {
            double a = AT(cache->p1, i, j);
            for (size_t k = 0; k < C; k++)
                AT(g->dW2, j, k) += a * d[k];
        }
        for (size_t k = 0; k < C; k++)
            VAT(g->db2, k) += d[k];
    }

    /* hidden layer */
    for (size_t i = 0; i < N; i++)
    {
        for (size_t j = 0; j < H; j++)
        {
            const double *w = net->W2->data + j * net->W2->tda;
            double acc = 0.0;
            for (size_t k = 0; k < C; k++)
                acc += AT(g->dz2, i, k) * w[k];
            AT(g->dp1, i, j) = acc;
            AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0.0 ? acc : 0.0;
        }
    }

    /* first layer */
    for (size_t a = 0; a < D; a++)
        for (size_t j = 0; j < H; j++)
            AT(g->dW1, a, j) = 2.0 * reg * AT(net->W1, a, j);
    memset(g->db1->data, 0, H * sizeof(double));   /* db1 is contiguous */

    for (size_t i = 0; i < N; i++)
    {
        for (size_t j = 0; j < H; j++)
        {
            double d = AT(g->dz1, i, j);
            if (d == 0.0)
                continue;
            for (size_t a = 0; a < D; a++)
                AT(g->dW1, a, j) += AT(X, i, a) * d;
            VAT(g->db1, j) += d;
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
