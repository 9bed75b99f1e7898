/*
 * backward.c -- homework 3
 * Gradients of the 2-layer net with BLAS calls only.
 * Bias gradients: sum over the batch = dgemv with a vector of ones.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nSamples = X->size1;
    size_t nHidden = net->H;

    if (nSamples != cache->N || X->size2 != net->D || g->N != nSamples)
    {
        return 1;
    }

    gsl_vector *onesVec = gsl_vector_alloc(nSamples);
    gsl_matrix *reluMask = gsl_matrix_alloc(nSamples, nHidden);
    gsl_vector_set_all(onesVec, 1.0);

    /* ---- output layer ---- */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < nSamples; i++)
    {
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)nSamples);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* sum the rows of dz2 into db2 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, onesVec, 1.0, g->db2);

    /* ---- hidden layer ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (size_t i = 0; i < nSamples; i++)
    {
        for (size_t j = 0; j < nHidden; j++)
        {
            gsl_matrix_set(reluMask, i, j, (gsl_matrix_get(cache->z1, i, j) > 0) ? 1.0 : 0.0);
        }
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, reluMask);

    /* ---- input layer ---- */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, onesVec, 1.0, g->db1);

    gsl_matrix_free(reluMask);
    gsl_vector_free(onesVec);
    g->present = BP_GRADS_ALL;
    return 0;
}
