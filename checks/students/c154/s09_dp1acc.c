/*
 * Coursework 2: backpropagation through a two-layer network.
 *
 * Everything is done with gsl_matrix_get / gsl_matrix_set loops.
 * Shapes:  dz2 N x C, dW2 H x C, db2 C, dp1 N x H, dz1 N x H,
 *          dW1 D x H, db1 H.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double acc;

    if (g->N != N || cache->N != N)
    {
        return 1;
    }

    /* output scores */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double p = gsl_matrix_get(cache->prob, i, k);
            gsl_matrix_set(g->dz2, i, k, (k == y[i] ? p - 1.0 : p) / N);
        }
    }

    /* W2 and b2 */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            acc = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < N; i++)
            {
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            gsl_matrix_set(g->dW2, j, k, acc);
        }
    }
    for (k = 0; k < C; k++)
    {
        acc = 0.0;
        for (i = 0; i < N; i++)
        {
            acc += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, acc);
    }

    /* hidden activations: dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
    {
        acc = 0.0;
        for (j = 0; j < H; j++)
        {
            for (k = 0; k < C; k++)
            {
                acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, acc);
        }
    }

    /* relu */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
            {
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            }
            else
            {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    /* W1 and b1 */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            acc = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++)
            {
                acc += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            }
            gsl_matrix_set(g->dW1, k, j, acc);
        }
    }
    for (j = 0; j < H; j++)
    {
        acc = 0.0;
        for (i = 0; i < N; i++)
        {
            acc += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
