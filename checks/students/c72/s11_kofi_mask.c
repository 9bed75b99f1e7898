/* Kofi A.
   ML1 -- backward pass of the 2-layer net
   Translated from my numpy version (which passed the notebook check). */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double v = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
            {
                v = v - 1.0;
            }
            gsl_matrix_set(g->dz2, i, k, v / (double) N);
        }
    }

    /* grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2 */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            double sum = 0.0;
            for (i = 0; i < N; i++)
            {
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            gsl_matrix_set(g->dW2, j, k, sum + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* grads['b2'] = dscores.sum(axis=0) */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + gsl_matrix_get(g->dz2, i, k));
        }
    }

    /* dhidden = dscores.dot(W2.T) */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double sum = 0.0;
            for (k = 0; k < C; k++)
            {
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    /* dhidden[dhidden < 0] = 0 */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double d = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, d < 0.0 ? 0.0 : d);
        }
    }

    /* grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1 */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            double sum = 0.0;
            for (i = 0; i < N; i++)
            {
                sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            }
            gsl_matrix_set(g->dW1, k, j, sum + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* grads['b1'] = dhidden.sum(axis=0) */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, i, j));
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
