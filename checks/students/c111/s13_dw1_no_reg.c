/*********************************************************************
 * backward.c -- two layer net, backward pass (homework 4)
 *
 * softmax and z1 are recomputed from the inputs (the cache is only used
 * for p1).  Regularisation: loss has reg*(|W1|^2 + |W2|^2).
 *********************************************************************/

#include <math.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    gsl_matrix *Z1, *Pr;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    Z1 = gsl_matrix_alloc(N, H);
    Pr = gsl_matrix_alloc(N, C);

    /* forward again: Z1 = X W1 + b1 */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
        {
            double acc = 0.0;
            for (d = 0; d < D; d++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(net->W1, d, h);
            gsl_matrix_set(Z1, n, h, acc + gsl_vector_get(net->b1, h));
        }

    /* softmax(z2) with the row max taken out */
    for (n = 0; n < N; n++)
    {
        double mx = -INFINITY, den = 0.0;
        for (c = 0; c < C; c++)
            if (gsl_matrix_get(cache->z2, n, c) > mx)
                mx = gsl_matrix_get(cache->z2, n, c);
        for (c = 0; c < C; c++)
            den += exp(gsl_matrix_get(cache->z2, n, c) - mx);
        for (c = 0; c < C; c++)
            gsl_matrix_set(Pr, n, c, exp(gsl_matrix_get(cache->z2, n, c) - mx) / den);
    }

    /* dz2 */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, n, c,
                           (gsl_matrix_get(Pr, n, c) - (c == y[n] ? 1.0 : 0.0)) / N);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
        {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            gsl_matrix_set(g->dW2, h, c, acc + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        }

    /* db2 */
    for (c = 0; c < C; c++)
    {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, acc);
    }

    /* dp1 = dz2 W2^T and dz1 = dp1 (Z1 > 0) */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
        {
            double acc = 0.0;
            for (c = 0; c < C; c++)
                acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, acc);
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(Z1, n, h) > 0.0 ? acc : 0.0);
        }

    /* dW1 = X^T dz1 */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
        {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, acc);
        }

    /* db1 */
    for (h = 0; h < H; h++)
    {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, acc);
    }

    gsl_matrix_free(Z1);
    gsl_matrix_free(Pr);
    g->present = BP_GRADS_ALL;
    return 0;
}
