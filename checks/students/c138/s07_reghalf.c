/*
 * Two layer net - backward pass (Assignment 2)
 *
 * Notation from the lectures:
 *   scores = hidden * W2 + b2,  hidden = relu(X * W1 + b1)
 * Gradients are filled in the order given in the template.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    /* dL/dscores */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double grad = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                grad -= 1.0;
            gsl_matrix_set(g->dz2, i, k, grad / (double) N);
        }
    }

    /* dL/dW2 and dL/db2 */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            acc += reg * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, acc);
        }
    }
    for (k = 0; k < C; k++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* dL/dhidden */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, acc);
        }
    }

    /* back through relu */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
            else
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* dL/dW1 and dL/db1 */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            acc += 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            gsl_matrix_set(g->dW1, k, j, acc);
        }
    }
    for (j = 0; j < H; j++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
