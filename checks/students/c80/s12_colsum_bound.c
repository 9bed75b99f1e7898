/**
 * @file backward.c
 * @author Lena W.
 * @brief ML2 HW3 -- backpropagation through the 2-layer network.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/**
 * @brief Sum the columns of a matrix (bias gradients).
 * @param A  (rows x cols) matrix
 * @param out  vector of length cols
 */
static void column_sum(const gsl_matrix *A, gsl_vector *out)
{
    for (size_t col = 0; col < A->size2; col++) {
        double total = 0.0;
        for (size_t row = 0; row < A->size1 - 1; row++) {
            total += gsl_matrix_get(A, row, col);
        }
        gsl_vector_set(out, col, total);
    }
}

/**
 * @brief dW = A^T dZ + 2 * reg * W
 */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* output layer */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t row = 0; row < N; row++) {
        gsl_matrix_set(g->dz2, row, y[row], gsl_matrix_get(g->dz2, row, y[row]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    column_sum(g->dz2, g->db2);

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t row = 0; row < N; row++) {
        for (size_t col = 0; col < net->H; col++) {
            const double z = gsl_matrix_get(cache->z1, row, col);
            gsl_matrix_set(g->dz1, row, col, (z > 0.0) ? gsl_matrix_get(g->dp1, row, col) : 0.0);
        }
    }

    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    column_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
