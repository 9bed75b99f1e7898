/*
 *  Fatima K.
 *  C for Data Science (optional module) - Exercise 4: backward pass
 *
 *  Notes to self:
 *   - grad_out    = gradient at the output scores (dz2)
 *   - grad_hidden = gradient at the hidden layer (dp1, then dz1)
 *   - the regularisation gradient: d/dW of reg*W^2 is reg*W because the
 *     2 cancels with the 1/2 (see lecture 6 slide 14)
 */

#include <stdio.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int i, j, k;
    int N, D, H, C;
    double sum;
    double value;
    gsl_matrix *grad_out;
    gsl_matrix *grad_hidden;

    N = (int) X->size1;
    D = (int) net->D;
    H = (int) net->H;
    C = (int) net->C;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
        return 1;

    /* I work on g's matrices directly, these are just shorter names */
    grad_out = g->dz2;
    grad_hidden = g->dp1;

    /* ---------- output layer ---------- */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
        {
            value = gsl_matrix_get(cache->prob, i, j);
            if ((size_t) j == y[i])
                value = value - 1.0;
            gsl_matrix_set(grad_out, i, j, value / N);
        }
    }

    /* dW2[h][c] = sum_i p1[i][h] * grad_out[i][c]  +  regularisation */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(grad_out, i, k);
            gsl_matrix_set(g->dW2, j, k, sum + reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* db2 */
    for (k = 0; k < C; k++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(grad_out, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* ---------- hidden layer ---------- */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(grad_out, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(grad_hidden, i, j, sum);
        }
    }

    /* relu backward: keep the gradient only where z1 > 0 */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(grad_hidden, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* dW1 = X^T dz1 + 2*reg*W1  (mentor: our loss has no 1/2, so keep the 2) */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            sum += 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            gsl_matrix_set(g->dW1, k, j, sum);
        }
    }

    /* db1 */
    for (j = 0; j < H; j++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    /* printf("dW2[0][0] = %f, dW1[0][0] = %f\n",
           gsl_matrix_get(g->dW2, 0, 0), gsl_matrix_get(g->dW1, 0, 0)); */

    g->present = BP_GRADS_ALL;
    return 0;
}
