/*
 * Musa I.  -  CSC419 Lab 3
 * Backward pass of the two layer net, loop version.
 */

#include "backprop.h"

#define M(A, i, j) gsl_matrix_get(A, i, j)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;
    double inv_n = 1.0 / (double) N;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* grad of loss wrt scores, averaged over batch */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, (M(cache->prob, i, k) - (k == y[i])) * inv_n);

    /* dW2, db2 (dz2 is already averaged) */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += M(cache->p1, i, j) * M(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, sum + 2.0 * reg * M(net->W2, j, k));
        }
    for (k = 0; k < C; k++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += M(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* dp1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += M(g->dz2, i, k) * M(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
        }

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, M(cache->z1, i, j) > 0.0 ? M(g->dp1, i, j) : 0.0);

    /* dW1, average over batch */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += M(X, i, k) * M(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, sum * inv_n + 2.0 * reg * M(net->W1, k, j));
        }

    /* db1 */
    for (j = 0; j < H; j++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += M(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
