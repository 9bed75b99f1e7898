/*
 * Lab 3 -- backward pass of the two-layer network
 *
 * Constants of the loss are named at the top so they can be changed in
 * one place if the handout changes its convention.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

static const double ONE_HOT_VALUE = 1.0;     /* target prob of the true class */
static const double RELU_SLOPE    = 1.0;     /* d relu / dz for z > 0 */
static const double L2_GRAD_COEF  = 1.0;     /* d/dW (reg * W^2) = coef * reg * W */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nSamples = X->size1;
    size_t nInputs  = net->D;
    size_t nHidden  = net->H;
    size_t nClasses = net->C;
    size_t i, j, k;
    double total;

    if (nSamples != cache->N || X->size2 != nInputs || g->N != nSamples)
    {
        return 1;
    }

    /* output layer */
    for (i = 0; i < nSamples; i++)
    {
        for (k = 0; k < nClasses; k++)
        {
            double target = (k == y[i]) ? ONE_HOT_VALUE : 0.0;
            gsl_matrix_set(g->dz2, i, k,
                           (gsl_matrix_get(cache->prob, i, k) - target) / (double) nSamples);
        }
    }
    for (j = 0; j < nHidden; j++)
    {
        for (k = 0; k < nClasses; k++)
        {
            total = L2_GRAD_COEF * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < nSamples; i++)
            {
                total += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            gsl_matrix_set(g->dW2, j, k, total);
        }
    }
    for (k = 0; k < nClasses; k++)
    {
        total = 0.0;
        for (i = 0; i < nSamples; i++)
        {
            total += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, total);
    }

    /* hidden layer */
    for (i = 0; i < nSamples; i++)
    {
        for (j = 0; j < nHidden; j++)
        {
            total = 0.0;
            for (k = 0; k < nClasses; k++)
            {
                total += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, total);
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
            {
                gsl_matrix_set(g->dz1, i, j, RELU_SLOPE * total);
            }
            else
            {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    /* input layer */
    for (i = 0; i < nInputs; i++)
    {
        for (j = 0; j < nHidden; j++)
        {
            total = L2_GRAD_COEF * reg * gsl_matrix_get(net->W1, i, j);
            for (k = 0; k < nSamples; k++)
            {
                total += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            }
            gsl_matrix_set(g->dW1, i, j, total);
        }
    }
    for (j = 0; j < nHidden; j++)
    {
        total = 0.0;
        for (i = 0; i < nSamples; i++)
        {
            total += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
