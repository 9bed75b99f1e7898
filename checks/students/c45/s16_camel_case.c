/**
 * backward.c -- Backward pass for TwoLayerNet (C port of my Python code)
 *
 * @author  Maximilian Hoffmann
 * @course  Machine Learning Systems
 *
 * Function and variable names follow the Python version (dScores, dHidden,
 * ...) so I can diff the two.  All gradients of the batch loss are means
 * over the batch.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static int addL2Gradient(gsl_matrix *dWeights, const gsl_matrix *weights,
                         double reg)
{
    gsl_matrix *scaled = gsl_matrix_alloc(weights->size1, weights->size2);
    int err;

    if (scaled == NULL)
    {
        return GSL_ENOMEM;
    }
    err = gsl_matrix_memcpy(scaled, weights);
    if (err == GSL_SUCCESS)
    {
        err = gsl_matrix_scale(scaled, 2.0 * reg);
    }
    if (err == GSL_SUCCESS)
    {
        err = gsl_matrix_add(dWeights, scaled);
    }
    gsl_matrix_free(scaled);
    return err;
}

static int sumOverSamples(const gsl_matrix *dLayer, gsl_vector *dBias)
{
    size_t i;
    gsl_vector_set_zero(dBias);
    for (i = 0; i < dLayer->size1; i++)
    {
        gsl_vector_const_view sample = gsl_matrix_const_row(dLayer, i);
        int err = gsl_vector_add(dBias, &sample.vector);
        if (err != GSL_SUCCESS)
        {
            return err;
        }
    }
    return GSL_SUCCESS;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t numSamples = X->size1;
    const double invNumSamples = 1.0 / (double) numSamples;
    gsl_matrix *dScores = g->dz2;
    gsl_matrix *dHidden = g->dp1;
    gsl_matrix *dHiddenPre = g->dz1;
    size_t i, j;
    int err;

    if (numSamples != cache->N || g->N != numSamples || X->size2 != net->D)
    {
        return GSL_EBADLEN;
    }

    /* dScores = (probs - onehot) / N */
    err = gsl_matrix_memcpy(dScores, cache->prob);
    if (err != GSL_SUCCESS)
    {
        goto cleanup;
    }
    for (i = 0; i < numSamples; i++)
    {
        gsl_matrix_set(dScores, i, y[i], gsl_matrix_get(dScores, i, y[i]) - 1.0);
    }
    gsl_matrix_scale(dScores, invNumSamples);

    /* grads['W2'], grads['b2'] */
    err = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dScores,
                         0.0, g->dW2);
    if (err != GSL_SUCCESS)
    {
        goto cleanup;
    }
    err = addL2Gradient(g->dW2, net->W2, reg);
    if (err != GSL_SUCCESS)
    {
        goto cleanup;
    }
    err = sumOverSamples(dScores, g->db2);
    if (err != GSL_SUCCESS)
    {
        goto cleanup;
    }

    /* dHidden = dScores . W2^T */
    err = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dScores, net->W2,
                         0.0, dHidden);
    if (err != GSL_SUCCESS)
    {
        goto cleanup;
    }

    /* dHidden[hidden <= 0] = 0, kept in dHiddenPre */
    for (i = 0; i < numSamples; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            double v = gsl_matrix_get(dHidden, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
            {
                v = 0.0;
            }
            gsl_matrix_set(dHiddenPre, i, j, v);
        }
    }

    /* grads['W1'], grads['b1'] */
    err = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dHiddenPre,
                         0.0, g->dW1);
    if (err != GSL_SUCCESS)
    {
        goto cleanup;
    }
    err = addL2Gradient(g->dW1, net->W1, reg);
    if (err != GSL_SUCCESS)
    {
        goto cleanup;
    }
    err = sumOverSamples(dHiddenPre, g->db1);
    if (err != GSL_SUCCESS)
    {
        goto cleanup;
    }
    gsl_vector_scale(g->db1, invNumSamples);

    g->present = BP_GRADS_ALL;

cleanup:
    return err;
}
