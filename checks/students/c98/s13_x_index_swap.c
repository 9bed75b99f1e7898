/*  Lab 4 -- backward()
 *
 *  Notation:  X is N x D,  W1 is D x H,  W2 is H x C
 *  AT(m,r,c) is row r, column c;  VAT(v,i) is element i.
 */

#include "backprop.h"

#define AT(m,r,c)  ((m)->data[(r)*(m)->tda + (c)])
#define VAT(v,i)   ((v)->data[(i)*(v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t r, c, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* ---- output layer ---- */
    for (r = 0; r < N; r++)
    {
        for (c = 0; c < C; c++)
        {
            double onehot = (y[r] == c);
            AT(g->dz2, r, c) = (AT(cache->prob, r, c) - onehot) / (double) N;
        }
    }

    for (r = 0; r < H; r++)
    {
        for (c = 0; c < C; c++)
        {
            double sum = 0.0;
            for (k = 0; k < N; k++)
                sum += AT(cache->p1, k, r) * AT(g->dz2, k, c);
            AT(g->dW2, r, c) = sum + 2.0 * reg * AT(net->W2, r, c);
        }
    }

    for (c = 0; c < C; c++)
    {
        double sum = 0.0;
        for (k = 0; k < N; k++)
            sum += AT(g->dz2, k, c);
        VAT(g->db2, c) = sum;
    }

    /* ---- hidden layer ---- */
    for (r = 0; r < N; r++)
    {
        for (c = 0; c < H; c++)
        {
            double sum = 0.0;
            for (k = 0; k < C; k++)
                sum += AT(g->dz2, r, k) * AT(net->W2, c, k);
            AT(g->dp1, r, c) = sum;
            if (AT(cache->z1, r, c) > 0.0)
                AT(g->dz1, r, c) = sum;
            else
                AT(g->dz1, r, c) = 0.0;
        }
    }

    /* dW1[r][c] = sum_k X[k][r] * dz1[k][c] + 2 reg W1[r][c] */
    for (r = 0; r < D; r++)
    {
        for (c = 0; c < H; c++)
        {
            double sum = 0.0;
            for (k = 0; k < N; k++)
                sum += AT(X, r, k) * AT(g->dz1, k, c);
            AT(g->dW1, r, c) = sum + 2.0 * reg * AT(net->W1, r, c);
        }
    }

    for (c = 0; c < H; c++)
    {
        double sum = 0.0;
        for (k = 0; k < N; k++)
            sum += AT(g->dz1, k, c);
        VAT(g->db1, c) = sum;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
