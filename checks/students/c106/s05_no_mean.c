/*
 * backward.c  --  Homework 3
 * Backward pass of the two layer net (affine - relu - affine - softmax).
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* gradient of the softmax loss wrt the scores: prob - 1 at the label */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
        {
            double ind = (j == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, j, gsl_matrix_get(cache->prob, i, j) - ind);
        }
    }

    /* dW2 (H x C) and db2 (C) */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            double sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, sum + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    for (k = 0; k < C; k++)
    {
        double sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* dp1 = dz2 * W2^T  (N x H) */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double sum = 0.0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    /* relu backward */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 (D x H) and db1 (H) */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            double sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, sum + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }
    for (j = 0; j < H; j++)
    {
        double sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
