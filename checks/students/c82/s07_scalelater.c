/*  CS-4410  Homework 2  --  backward pass
 *  Student: Lena Hoffmann
 *
 *  Order of steps as in the notes:
 *     dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *     dW2 = a1.T @ dscores ; db2 = sum(dscores, axis=0) ; ...
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, c, h, d;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    /* dscores = probs - onehot */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
    {
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    }

    /* db2: sum over samples */
    for (c = 0; c < C; c++)
    {
        double s = 0.0;
        for (n = 0; n < N; n++)
        {
            s += gsl_matrix_get(g->dz2, n, c);
        }
        gsl_vector_set(g->db2, c, s);
    }

    /* dscores /= N */
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 */
    for (h = 0; h < H; h++)
    {
        for (c = 0; c < C; c++)
        {
            double s = 0.0;
            for (n = 0; n < N; n++)
            {
                s += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            }
            gsl_matrix_set(g->dW2, h, c, s + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        }
    }

    /* dhidden, then through the relu */
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            double s = 0.0;
            for (c = 0; c < C; c++)
            {
                s += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(g->dp1, n, h, s);
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0.0 ? s : 0.0);
        }
    }

    /* dW1 */
    for (d = 0; d < D; d++)
    {
        for (h = 0; h < H; h++)
        {
            double s = 0.0;
            for (n = 0; n < N; n++)
            {
                s += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            }
            gsl_matrix_set(g->dW1, d, h, s + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }

    /* db1 */
    for (h = 0; h < H; h++)
    {
        double s = 0.0;
        for (n = 0; n < N; n++)
        {
            s += gsl_matrix_get(g->dz1, n, h);
        }
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
