/*
 * backward.c  --  Assignment 3, backward pass
 *
 * one loop per gradient over the flat ->data arrays.
 * dgemm for the matrix products (faster than my triple loops were).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t k;
    double two_reg = 2.0 * reg;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2: softmax probs / N, minus one at the true class */
    for (k = 0; k < N * C; k++)
    {
        g->dz2->data[k] = cache->prob->data[k] / N;
        if (k % C == y[k / C])
            g->dz2->data[k] -= 1.0;
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (k = 0; k < H * C; k++)
        g->dW2->data[k] += two_reg * net->W2->data[k];

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (k = 0; k < N * C; k++)
        g->db2->data[k % C] += g->dz2->data[k];

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 */
    for (k = 0; k < N * H; k++)
    {
        if (cache->z1->data[k] > 0)
            g->dz1->data[k] = g->dp1->data[k];
        else
            g->dz1->data[k] = 0.0;
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (k = 0; k < D * H; k++)
        g->dW1->data[k] += two_reg * net->W1->data[k];

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (k = 0; k < N * H; k++)
        g->db1->data[k % H] += g->dz1->data[k];

    g->present = BP_GRADS_ALL;
    return 0;
}
