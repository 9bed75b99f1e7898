/* backward.c
 * Chloe D. -- C module (optional track), backpropagation
 *
 * I compute the softmax again from the scores z2 instead of using
 * cache->prob, because I wanted to understand the "max trick" from the
 * numerical stability video: subtract the biggest score of the row
 * before exp() so that nothing overflows.
 */

#include <math.h>
#include <stdio.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N, D, H, C;
    size_t i, j, k;
    double max, total, prob, sum;

    N = X->size1; D = net->D; H = net->H; C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    /* ------- dz2 = (softmax(z2) - onehot) / N ------- */
    for (i = 0; i < N; i++)
    {
        /* biggest score in row i */
        max = gsl_matrix_get(cache->z2, i, 0);
        for (j = 1; j < C; j++)
        {
            if (gsl_matrix_get(cache->z2, i, j) > max)
                max = gsl_matrix_get(cache->z2, i, j);
        }
        /* normaliser of the row */
        total = 0.0;
        for (j = 0; j < C; j++)
        {
            total += exp(gsl_matrix_get(cache->z2, i, j));
        }
        for (j = 0; j < C; j++)
        {
            prob = exp(gsl_matrix_get(cache->z2, i, j) - max) / total;
            if (j == y[i])
                prob -= 1.0;
            gsl_matrix_set(g->dz2, i, j, prob / N);
        }
        /* printf("row %zu: max %f total %f\n", i, max, total); */
    }

    /* ------- dW2 and db2 ------- */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, sum + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    for (k = 0; k < C; k++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* ------- dp1 ------- */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    /* ------- dz1 (relu) ------- */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            sum = gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0;
            gsl_matrix_set(g->dz1, i, j, sum);
        }
    }

    /* ------- dW1 and db1 ------- */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, sum + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }
    for (j = 0; j < H; j++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
