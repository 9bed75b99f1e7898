// backward pass for the 2 layer net  (lab 5)
// dz1 = dhidden .* (hidden >= 0)   -- relu'(x) is the step function
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// out = A .* B
static void elementwise(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_matrix_memcpy(out, A);
    gsl_matrix_mul_elements(out, B);
}

// v = sum(A) (over the rows, like MATLAB's default)
static void sum_cols(const gsl_matrix *A, gsl_vector *v)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double t = 0.0;
        for (i = 0; i < A->size1; i++) t += gsl_matrix_get(A, i, j);
        gsl_vector_set(v, j, t);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;
    gsl_matrix *step;
    double twoReg = 2.0 * reg;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // W2, b2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (i = 0; i < H; i++)
        for (j = 0; j < net->C; j++)
            *gsl_matrix_ptr(g->dW2, i, j) += twoReg * gsl_matrix_get(net->W2, i, j);
    sum_cols(g->dz2, g->db2);

    // back into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    step = gsl_matrix_alloc(N, H);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(step, i, j, gsl_matrix_get(cache->p1, i, j) >= 0.0 ? 1.0 : 0.0);
    elementwise(g->dp1, step, g->dz1);
    gsl_matrix_free(step);

    // W1, b1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            *gsl_matrix_ptr(g->dW1, i, j) += twoReg * gsl_matrix_get(net->W1, i, j);
    sum_cols(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
