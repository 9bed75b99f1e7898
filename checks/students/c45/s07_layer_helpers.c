/*******************************************************************
 * File:    backward.c
 * Author:  Mehmet Yilmaz
 * Course:  Machine Learning Systems (SE programme)
 * Task:    Backward pass of the 2-layer fully connected network.
 *
 * Every layer gets its own helper, mirroring the forward code:
 *   output_layer_backward()  -> dz2, dW2, db2
 *   hidden_layer_backward()  -> dp1, dz1, dW1, db1
 * All helpers return a GSL status code.
 *******************************************************************/

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop.h"

#define L2_SCALE 2.0

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static int accumulate_outer(gsl_matrix *acc, const gsl_vector *left,
                            const gsl_vector *right)
{
    /* acc += left * right^T */
    return gsl_blas_dger(1.0, left, right, acc);
}

static int apply_l2(gsl_matrix *grad, const gsl_matrix *weights, double reg)
{
    size_t r, c;
    for (r = 0; r < grad->size1; r++)
    {
        for (c = 0; c < grad->size2; c++)
        {
            double v = gsl_matrix_get(grad, r, c)
                     + L2_SCALE * reg * gsl_matrix_get(weights, r, c);
            gsl_matrix_set(grad, r, c, v);
        }
    }
    return GSL_SUCCESS;
}

static int output_layer_backward(const bp_net *net, const size_t *y,
                                 double reg, const bp_cache *cache,
                                 bp_grads *g)
{
    const size_t n = cache->N;
    const double scale = 1.0 / (double) n;
    size_t i;
    int status;

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);

    for (i = 0; i < n; i++)
    {
        gsl_vector_const_view prob_row = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_const_view hidden_row = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_view dscore_row = gsl_matrix_row(g->dz2, i);

        status = gsl_vector_memcpy(&dscore_row.vector, &prob_row.vector);
        if (status != GSL_SUCCESS)
        {
            return status;
        }
        gsl_vector_set(&dscore_row.vector, y[i],
                       gsl_vector_get(&dscore_row.vector, y[i]) - 1.0);
        gsl_vector_scale(&dscore_row.vector, scale);

        status = accumulate_outer(g->dW2, &hidden_row.vector,
                                  &dscore_row.vector);
        if (status != GSL_SUCCESS)
        {
            return status;
        }
        status = gsl_vector_add(g->db2, &dscore_row.vector);
        if (status != GSL_SUCCESS)
        {
            return status;
        }
    }
    return apply_l2(g->dW2, net->W2, reg);
}

static int hidden_layer_backward(const bp_net *net, const gsl_matrix *X,
                                 double reg, const bp_cache *cache,
                                 bp_grads *g)
{
    const size_t n = cache->N;
    size_t i, j;
    int status;

    /* dp1 = dz2 * W2^T */
    status = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                            0.0, g->dp1);
    if (status != GSL_SUCCESS)
    {
        return status;
    }

    /* dz1: ReLU lets the gradient through only where z1 > 0 */
    for (i = 0; i < n; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            double up = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0 ? up : 0.0);
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                            0.0, g->dW1);
    if (status != GSL_SUCCESS)
    {
        return status;
    }
    status = apply_l2(g->dW1, net->W1, reg);
    if (status != GSL_SUCCESS)
    {
        return status;
    }

    /* db1 = column sums of dz1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < n; i++)
    {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
        status = gsl_vector_add(g->db1, &row.vector);
        if (status != GSL_SUCCESS)
        {
            return status;
        }
    }
    return GSL_SUCCESS;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int status;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    {
        return GSL_EBADLEN;
    }

    status = output_layer_backward(net, y, reg, cache, g);
    if (status != GSL_SUCCESS)
    {
        goto cleanup;
    }
    status = hidden_layer_backward(net, X, reg, cache, g);
    if (status != GSL_SUCCESS)
    {
        goto cleanup;
    }
    g->present = BP_GRADS_ALL;

cleanup:
    return status;
}
