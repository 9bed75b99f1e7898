/**
 * backward.c -- Assignment 3, backward pass for the two-layer network.
 *
 * Work matrices are allocated once at the start and released in the
 * cleanup block.  regTermHxC / regTermDxH hold 2*reg*W for the penalty.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t batchSize = X->size1;
    const size_t hiddenSize = net->H;
    gsl_matrix *scratchHxC = NULL, *regTermHxC = NULL;
    gsl_matrix *scratchDxH = NULL, *regTermDxH = NULL;
    int result = GSL_ENOMEM;

    if (batchSize != cache->N || X->size2 != net->D || g->N != batchSize) {
        return GSL_EBADLEN;
    }

    scratchHxC = gsl_matrix_alloc(net->H, net->C);
    regTermHxC = gsl_matrix_alloc(net->H, net->C);
    scratchDxH = gsl_matrix_alloc(net->D, net->H);
    regTermDxH = gsl_matrix_alloc(net->D, net->H);
    if (scratchHxC == NULL || regTermHxC == NULL
        || scratchDxH == NULL || regTermDxH == NULL) {
        goto cleanup;
    }

    /* 1) output layer: dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t sample = 0; sample < batchSize; sample++) {
        double value = gsl_matrix_get(g->dz2, sample, y[sample]);
        gsl_matrix_set(g->dz2, sample, y[sample], value - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / batchSize);

    /* 2) dW2, data part */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, scratchHxC);
    gsl_matrix_memcpy(g->dW2, scratchHxC);

    /* 3) db2 */
    for (size_t cls = 0; cls < net->C; cls++) {
        double total = 0.0;
        for (size_t sample = 0; sample < batchSize; sample++) {
            total += gsl_matrix_get(g->dz2, sample, cls);
        }
        gsl_vector_set(g->db2, cls, total);
    }

    /* 2b) dW2, regularization part */
    gsl_matrix_memcpy(regTermHxC, net->W2);
    gsl_matrix_scale(regTermHxC, 2.0 * reg);
    gsl_matrix_add(scratchHxC, regTermHxC);

    /* 4) dp1 = dz2 * W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5) through the ReLU */
    for (size_t sample = 0; sample < batchSize; sample++) {
        for (size_t unit = 0; unit < hiddenSize; unit++) {
            double upstream = gsl_matrix_get(g->dp1, sample, unit);
            double pre = gsl_matrix_get(cache->z1, sample, unit);
            gsl_matrix_set(g->dz1, sample, unit, pre > 0.0 ? upstream : 0.0);
        }
    }

    /* 6) dW1 = X^T dz1 + 2*reg*W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, scratchDxH);
    gsl_matrix_memcpy(regTermDxH, net->W1);
    gsl_matrix_scale(regTermDxH, 2.0 * reg);
    gsl_matrix_add(scratchDxH, regTermDxH);
    gsl_matrix_memcpy(g->dW1, scratchDxH);

    /* 7) db1 */
    for (size_t unit = 0; unit < hiddenSize; unit++) {
        double total = 0.0;
        for (size_t sample = 0; sample < batchSize; sample++) {
            total += gsl_matrix_get(g->dz1, sample, unit);
        }
        gsl_vector_set(g->db1, unit, total);
    }

    g->present = BP_GRADS_ALL;
    result = 0;

cleanup:
    gsl_matrix_free(regTermDxH);
    gsl_matrix_free(scratchDxH);
    gsl_matrix_free(regTermHxC);
    gsl_matrix_free(scratchHxC);
    return result;
}
