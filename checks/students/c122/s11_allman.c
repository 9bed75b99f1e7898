/******************************************************
 * CS349 HW5 - backward pass
 * Author: Ryan O'Connell
 ******************************************************/

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1;
    int D = (int) net->D;
    int H = (int) net->H;
    int C = (int) net->C;
    int i, j, k;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    // gradient of the loss wrt the scores
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double dscore = gsl_matrix_get(cache->prob, i, k);
            if ((size_t) k == y[i])
            {
                dscore -= 1.0;
            }
            gsl_matrix_set(g->dz2, i, k, dscore / N);
        }
    }

    // W2 and b2
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            double acc = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < N; i++)
            {
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            gsl_matrix_set(g->dW2, j, k, acc);
        }
    }
    for (k = 0; k < C; k++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
        {
            acc += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, acc);
    }

    // hidden layer (after relu)
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double acc = 0.0;
            for (k = 0; k < C; k++)
            {
                acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, acc);
        }
    }

    // hidden layer (before relu): multiply by the local gradient of the relu,
    // which (like for the sigmoid) comes from the activation we saved
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j) * gsl_matrix_get(cache->p1, i, j));
        }
    }

    // W1 and b1
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            double acc = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++)
            {
                acc += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            }
            gsl_matrix_set(g->dW1, k, j, acc);
        }
    }
    for (j = 0; j < H; j++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
        {
            acc += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
