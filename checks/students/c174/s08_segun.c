/*
 * Segun F.  Machine learning lab, backward pass
 * loops only.  checked dz2 by hand on 2 samples
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, h, c, d;
    double acc;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++)
    {
        for (c = 0; c < C; c++)
        {
            double v = gsl_matrix_get(cache->prob, i, c);
            if (c == y[i])
                v -= 1.0;
            gsl_matrix_set(g->dz2, i, c, v / (double) N);
        }
    }

    /* dW2 */
    for (h = 0; h < H; h++)
    {
        acc = 0.0;
        for (c = 0; c < C; c++)
        {
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
            gsl_matrix_set(g->dW2, h, c, acc + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        }
    }

    /* db2 */
    for (c = 0; c < C; c++)
    {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, acc);
    }

    /* dp1 */
    for (i = 0; i < N; i++)
    {
        for (h = 0; h < H; h++)
        {
            acc = 0.0;
            for (c = 0; c < C; c++)
                acc += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, i, h, acc);
        }
    }

    /* dz1 */
    for (i = 0; i < N; i++)
    {
        for (h = 0; h < H; h++)
        {
            double m = gsl_matrix_get(cache->z1, i, h) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, h, m * gsl_matrix_get(g->dp1, i, h));
        }
    }

    /* dW1 */
    for (d = 0; d < D; d++)
    {
        for (h = 0; h < H; h++)
        {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
            gsl_matrix_set(g->dW1, d, h, acc + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }

    /* db1 */
    for (h = 0; h < H; h++)
    {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
