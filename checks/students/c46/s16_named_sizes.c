/******************************************************************
 * backward.c   --  Assignment 3 (Deep Learning Foundations)
 *
 * Backward pass of   X -> affine -> ReLU -> affine -> softmax-CE
 * nSamples  = N (rows of X)      nFeatures = D (columns of X)
 * nHidden   = H                  nClasses  = C
 ******************************************************************/
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nSamples = X->size1;
    size_t nFeatures = X->size2;
    size_t nHidden = net->H;
    size_t nClasses = net->C;
    size_t s, f, h, c;

    if (nSamples != cache->N || nFeatures != net->D || g->N != nSamples)
        return 1;

    /* ---- dL/dscores ---- */
    for (s = 0; s < nSamples; s++)
    {
        for (c = 0; c < nClasses; c++)
        {
            double v = gsl_matrix_get(cache->prob, s, c);
            if (c == y[s])
                v = v - 1.0;
            gsl_matrix_set(g->dz2, s, c, v / (double) nSamples);
        }
    }

    /* ---- dL/dW2, dL/db2 ---- */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    for (c = 0; c < nClasses; c++)
    {
        double sum = 0.0;
        for (s = 0; s < nSamples; s++)
            sum += gsl_matrix_get(g->dz2, s, c);
        gsl_vector_set(g->db2, c, sum);
    }

    /* ---- dL/dhidden ---- */
    for (s = 0; s < nSamples; s++)
    {
        for (h = 0; h < nHidden; h++)
        {
            double sum = 0.0;
            for (c = 0; c < nClasses; c++)
                sum += gsl_matrix_get(g->dz2, s, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, s, h, sum);
        }
    }

    /* ---- ReLU ---- */
    for (s = 0; s < nSamples; s++)
    {
        for (h = 0; h < nHidden; h++)
        {
            double gate = gsl_matrix_get(cache->z1, s, h) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, s, h, gate * gsl_matrix_get(g->dp1, s, h));
        }
    }

    /* ---- dL/dW1 ---- */
    for (f = 0; f < nFeatures; f++)
    {
        for (h = 0; h < nHidden; h++)
        {
            double sum = 2.0 * reg * gsl_matrix_get(net->W1, f, h);
            for (s = 0; s < nSamples; s++)
                sum += gsl_matrix_get(X, s, f) * gsl_matrix_get(g->dz1, s, h);
            gsl_matrix_set(g->dW1, f, h, sum);
        }
    }

    /* ---- dL/db1 ---- */
    for (h = 0; h < nHidden; h++)
    {
        double sum = 0.0;
        for (f = 0; f < nFeatures; f++)
            sum += gsl_matrix_get(g->dz1, f, h);
        gsl_vector_set(g->db1, h, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
