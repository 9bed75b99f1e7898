// Homework 3 - backprop, C version
// p1 = relu(z1) so dz1 = dp1 * relu'(z1)

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void colsum(const gsl_matrix *A, gsl_vector *out)
{
    for (size_t j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (size_t i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // scores gradient
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // second layer
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    colsum(g->dz2, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // through the relu
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, cache->p1);

    // first layer
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
