/* Assignment 2 - backward pass (C port of my numpy solution) */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    /* Compute the gradient of the loss w.r.t. the scores */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
        {
            s = gsl_matrix_get(cache->prob, i, j);
            if (y[i] == j)
            {
                s -= 1;
            }
            gsl_matrix_set(g->dz2, i, j, s / N);
        }
    }

    /* grads['W2'] = h.T.dot(dscores) + 2*reg*W2 ; grads['b2'] = sum(dscores) */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            s = 2 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < N; i++)
            {
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            gsl_matrix_set(g->dW2, j, k, s);
        }
    }
    for (k = 0; k < C; k++)
    {
        s = 0;
        for (i = 0; i < N; i++)
        {
            s += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, s);
    }

    /* dhidden = dscores.dot(W2.T) */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            s = 0;
            for (k = 0; k < C; k++)
            {
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* dhidden[h <= 0] = 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(g->dz1, i, j) <= 0)
            {
                gsl_matrix_set(g->dz1, i, j, 0);
            }
        }
    }

    /* grads['W1'] = X.T.dot(dhidden) + 2*reg*W1 ; grads['b1'] = sum(dhidden) */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            s = 2 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++)
            {
                s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            }
            gsl_matrix_set(g->dW1, k, j, s);
        }
    }
    for (j = 0; j < H; j++)
    {
        s = 0;
        for (i = 0; i < N; i++)
        {
            s += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
