// Backward pass, per-sample version with rank-1 updates (gsl_blas_dger).
// One loop over the samples fills all seven gradients; the weight
// gradients start from their regularisation term.
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t nSamples = X->size1;
    size_t nHidden = net->H;
    double scale = 1.0 / (double) nSamples;
    gsl_vector *hiddenGrad;   // one row of dp1, masked in place into dz1

    if (cache->N != nSamples || g->N != nSamples) {
        return 1;
    }
    hiddenGrad = gsl_vector_alloc(nHidden);
    if (hiddenGrad == NULL) {
        return 1;
    }

    // weights start from 2 reg W, biases from zero
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (size_t i = 0; i < nSamples; i++) {
        gsl_vector_const_view probRow = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view scoreGrad = gsl_matrix_row(g->dz2, i);
        gsl_vector_const_view act = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view pre = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view input = gsl_matrix_const_row(X, i);
        gsl_vector_view dp1Row = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1Row = gsl_matrix_row(g->dz1, i);

        // dz2 row and db2
        gsl_vector_memcpy(&scoreGrad.vector, &probRow.vector);
        *gsl_vector_ptr(&scoreGrad.vector, y[i]) -= 1.0;
        gsl_vector_scale(&scoreGrad.vector, scale);
        gsl_vector_add(g->db2, &scoreGrad.vector);

        // dW2 += p1_i^T dz2_i
        gsl_blas_dger(1.0, &act.vector, &scoreGrad.vector, g->dW2);

        // dp1 row = W2 dz2_i
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &scoreGrad.vector, 0.0, hiddenGrad);
        gsl_vector_memcpy(&dp1Row.vector, hiddenGrad);

        // relu backward
        for (size_t j = 0; j < nHidden; j++) {
            if (gsl_vector_get(&pre.vector, j) <= 0.0) {
                gsl_vector_set(hiddenGrad, j, 0.0);
            }
        }
        gsl_vector_memcpy(&dz1Row.vector, hiddenGrad);
        gsl_vector_add(g->db1, hiddenGrad);

        // dW1 += x_i^T dz1_i
        gsl_blas_dger(1.0, &input.vector, hiddenGrad, g->dW1);
    }

    gsl_vector_free(hiddenGrad);
    g->present = BP_GRADS_ALL;
    return 0;
}
