/* Assignment 3, backward pass of the 2-layer net
 * dScores -> dW2, db2 -> dHidden -> relu -> dW1, db1 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t numSamples = X->size1;
    size_t numHidden = net->H, numClass = net->C;
    size_t i, j, k;
    gsl_matrix *dScores = g->dz2;
    gsl_matrix *dHidden = g->dp1;

    if (numSamples != cache->N)
        return 1;

    // dScores: 概率减去 one-hot, 再除以样本数
    for (i = 0; i < numSamples; i++) {
        for (k = 0; k < numClass; k++) {
            double val = gsl_matrix_get(cache->prob, i, k);
            if (k == y[k]) {
                val -= 1.0;
            }
            gsl_matrix_set(dScores, i, k, val / numSamples);
        }
    }

    // dW2 = hidden^T * dScores + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dScores, 2 * reg, g->dW2);

    // db2
    for (k = 0; k < numClass; k++) {
        double colSum = 0.0;
        for (i = 0; i < numSamples; i++)
            colSum += gsl_matrix_get(dScores, i, k);
        gsl_vector_set(g->db2, k, colSum);
    }

    // dHidden = dScores * W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dScores, net->W2, 0.0, dHidden);

    // relu backward
    for (i = 0; i < numSamples; i++) {
        for (j = 0; j < numHidden; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(dHidden, i, j) : 0.0);
        }
    }

    // dW1 = X^T * dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    // db1
    for (j = 0; j < numHidden; j++) {
        double colSum = 0.0;
        for (i = 0; i < numSamples; i++)
            colSum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, colSum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
