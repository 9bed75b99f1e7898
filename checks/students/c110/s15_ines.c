/* ------------------------------------------------------------------
 * backward.c -- Ines F., bootcamp C module (optional), exercise 5
 *
 * The chain rule, one layer at a time. The activation has its own
 * helper relu_derivative() so that I could swap in sigmoid later
 * (sigmoid_derivative is in my other file).
 * ------------------------------------------------------------------ */

#include <stdio.h>
#include "backprop.h"

#define GET(m, i, j)    gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* derivative of relu(z) = max(0, z) */
static double relu_derivative(double z)
{
    if (z > 0.0)
        return z;
    return 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum, temp;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* layer 2: softmax + cross entropy -> dz2 */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
        {
            temp = GET(cache->prob, i, j);
            if (j == y[i])
                temp -= 1.0;
            SET(g->dz2, i, j, temp / (double) N);
        }
    }

    /* layer 2: weights and bias */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, sum + 2.0 * reg * GET(net->W2, j, k));
        }
    }
    for (k = 0; k < C; k++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* back to the hidden activations: dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, sum);
        }
    }

    /* through the activation: dz1 = dp1 * f'(z1) */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            temp = GET(g->dp1, i, j) * relu_derivative(GET(cache->z1, i, j));
            SET(g->dz1, i, j, temp);
            /* printf("%zu %zu: %f\n", i, j, temp); */
        }
    }

    /* layer 1: weights and bias */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += GET(X, i, k) * GET(g->dz1, i, j);
            SET(g->dW1, k, j, sum + 2.0 * reg * GET(net->W1, k, j));
        }
    }
    for (j = 0; j < H; j++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
