// Backward pass for the 2-layer net.
// Uses the transpose flags of dgemm instead of making transposed copies,
// and the beta argument for the regularization (dW starts as a copy of W).

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    // one-hot matrix of the labels
    gsl_matrix *onehot = gsl_matrix_calloc(N, C);
    for (size_t i = 0; i < N; i++) {
        onehot->data[i * onehot->tda + y[i]] = 1.0;
    }

    // relu mask: p1 > 0 exactly where z1 > 0
    gsl_matrix *mask = gsl_matrix_alloc(N, H);
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < H; j++) {
            double a = cache->p1->data[i * cache->p1->tda + j];
            mask->data[i * mask->tda + j] = (a > 0.0) ? 1.0 : 0.0;
        }
    }

    // row of ones (1 x N) for summing over the batch
    gsl_matrix *ones = gsl_matrix_alloc(1, N);
    gsl_matrix_set_all(ones, 1.0);

    // scores gradient
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, onehot);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // dW2 = p1' * dz2 + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // db2 = 1' * dz2   (as a 1 x C matrix)
    gsl_matrix_view db2 = gsl_matrix_view_vector(g->db2, 1, C);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, ones, g->dz2, 0.0,
                   &db2.matrix);

    // dp1 = dz2 * W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                   g->dp1);

    // dz1 = dp1 .* mask
    gsl_matrix_memcpy(g->dz1, mask);
    gsl_matrix_mul_elements(g->dz1, g->dp1);

    // dW1 = X' * dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                   g->dW1);

    // db1 = 1' * dz1
    gsl_matrix_view db1 = gsl_matrix_view_vector(g->db1, 1, H);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, ones, g->dz1, 0.0,
                   &db1.matrix);

    gsl_matrix_free(onehot);
    gsl_matrix_free(mask);
    gsl_matrix_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
