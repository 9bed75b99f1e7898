// Mariam Adel - Neural Networks, sheet 3
// backward pass using BLAS (dgemm) like the TA showed in the lab

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// bias gradient = ones' * delta  (column sums)
static void bias_grad(const gsl_matrix *delta, gsl_vector *db) {
    gsl_vector *ones = gsl_vector_alloc(delta->size1);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, delta, ones, 0.0, db);
    gsl_vector_free(ones);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t i, j;
    gsl_matrix *mask;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // delta3 = probs, minus one at the true label, averaged over the batch
    gsl_matrix *delta3 = g->dz2;
    gsl_matrix_memcpy(delta3, cache->prob);
    for (i = 0; i < N; i++) {
        double v = gsl_matrix_get(delta3, i, y[i]);
        gsl_matrix_set(delta3, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(delta3, 1.0 / (double) N);

    // dW2 = a1^T delta3 + 2*reg*W2   (beta trick: start from W2)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, delta3,
                   2.0 * reg, g->dW2);

    bias_grad(delta3, g->db2);

    // dp1 = delta3 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta3, net->W2, 0.0, g->dp1);

    // delta2 = dp1 .* relu'(z1)
    mask = gsl_matrix_alloc(N, net->H);
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
        }
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);
    gsl_matrix_free(mask);

    // dW1 = X^T delta2 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
