/**
 * backward.c - Backpropagation through the 2-layer network.
 *
 * For every sample n (row of X):
 *   outputError  = (softmax - oneHot) / N
 *   hiddenGrad   = W2 * outputError
 *   preActGrad   = relu'(.) applied to hiddenGrad
 * and the weight gradients are sums of outer products (gsl_blas_dger).
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void addWeightDecay(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < dW->size1; r++) {
        for (c = 0; c < dW->size2; c++) {
            double val = gsl_matrix_get(dW, r, c) + 2.0 * reg * gsl_matrix_get(W, r, c);
            gsl_matrix_set(dW, r, c, val);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t numSamples = X->size1;
    size_t numHidden = net->H;
    size_t sampleIdx, unitIdx;

    if (numSamples != cache->N || X->size2 != net->D || g->N != numSamples) {
        return 1;
    }

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (sampleIdx = 0; sampleIdx < numSamples; sampleIdx++) {
        gsl_vector_const_view softmaxRow = gsl_matrix_const_row(cache->prob, sampleIdx);
        gsl_vector_const_view hiddenRow = gsl_matrix_const_row(cache->p1, sampleIdx);
        gsl_vector_const_view inputRow = gsl_matrix_const_row(X, sampleIdx);
        gsl_vector_view outputError = gsl_matrix_row(g->dz2, sampleIdx);
        gsl_vector_view hiddenGrad = gsl_matrix_row(g->dp1, sampleIdx);
        gsl_vector_view preActGrad = gsl_matrix_row(g->dz1, sampleIdx);
        size_t label = y[sampleIdx];

        gsl_vector_memcpy(&outputError.vector, &softmaxRow.vector);
        gsl_vector_set(&outputError.vector, label,
                       gsl_vector_get(&outputError.vector, label) - 1.0);
        gsl_vector_scale(&outputError.vector, 1.0 / (double) numSamples);

        gsl_blas_dger(1.0, &hiddenRow.vector, &outputError.vector, g->dW2);
        gsl_vector_add(g->db2, &outputError.vector);

        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &outputError.vector,
                       0.0, &hiddenGrad.vector);

        /* relu backward: copy, then zero out the negative part */
        gsl_vector_memcpy(&preActGrad.vector, &hiddenGrad.vector);
        for (unitIdx = 0; unitIdx < numHidden; unitIdx++) {
            if (gsl_vector_get(&preActGrad.vector, unitIdx) < 0.0) {
                gsl_vector_set(&preActGrad.vector, unitIdx, 0.0);
            }
        }

        gsl_blas_dger(1.0, &inputRow.vector, &preActGrad.vector, g->dW1);
        gsl_vector_add(g->db1, &preActGrad.vector);
    }

    addWeightDecay(g->dW2, net->W2, reg);
    addWeightDecay(g->dW1, net->W1, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
