/*
 * backward.c
 * COMP 551 assignment 3 - two layer neural network
 *
 * Forward was:  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2
 * so going back each weight gradient is (input of layer)^T * (grad of output).
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t row, col;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    /* scores gradient */
    for (row = 0; row < N; row++)
    {
        for (col = 0; col < net->C; col++)
        {
            double t = (col == y[row]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, row, col,
                           (gsl_matrix_get(cache->prob, row, col) - t) / (double) N);
        }
    }

    /* second layer weights: input of layer 2 is the hidden layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2, 2.0 * reg, g->dW2);

    /* second layer bias */
    for (col = 0; col < net->C; col++)
    {
        double total = 0.0;
        for (row = 0; row < N; row++)
        {
            total += gsl_matrix_get(g->dz2, row, col);
        }
        gsl_vector_set(g->db2, col, total);
    }

    /* into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu derivative is 1 for positive input, 0 otherwise */
    for (row = 0; row < N; row++)
    {
        for (col = 0; col < net->H; col++)
        {
            double mask = gsl_matrix_get(cache->z1, row, col) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, row, col, mask * gsl_matrix_get(g->dp1, row, col));
        }
    }

    /* first layer weights */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* first layer bias */
    for (col = 0; col < net->H; col++)
    {
        double total = 0.0;
        for (row = 0; row < N; row++)
        {
            total += gsl_matrix_get(g->dz1, row, col);
        }
        gsl_vector_set(g->db1, col, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
