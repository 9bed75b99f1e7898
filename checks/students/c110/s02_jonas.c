/*
 * Jonas B. - C module, assignment 3 (backward pass)
 *
 * My first version was all loops (like the slides) but it was really long,
 * so after the Q&A session I switched to gsl_blas_dgemm for the matrix
 * products. The bias gradients use a small helper that sums the columns.
 *
 * TODO: ask the mentor if the loops version was also ok
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* helper: out[j] = sum over rows i of A[i][j] */
static void sum_columns(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    double total;

    for (j = 0; j < A->size2; j++) {
        total = 0.0;
        for (i = 0; i < A->size1; i++) {
            total = total + gsl_matrix_get(A, i, j);
        }
        gsl_vector_set(out, j, total);
    }
}

/* helper: dW = A^T * grad + 2 * reg * W   (used for both layers) */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *grad,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    /* first put the regularisation part in dW ... */
    gsl_matrix_memcpy(dW, W);
    gsl_matrix_scale(dW, 2.0 * reg);
    /* ... then add A^T grad on top of it (beta = 1 keeps what is there) */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, grad, 1.0, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double temp;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1. dz2: start from the softmax probabilities */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        temp = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], temp - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);
    /* printf("dz2(0,0) = %g\n", gsl_matrix_get(g->dz2, 0, 0)); */

    /* 2. dW2 (H, C) */
    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);

    /* 3. db2 (C) */
    sum_columns(g->dz2, g->db2);

    /* 4. dp1 (N, H) = dz2 (N, C) times W2 transposed (C, H) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5. dz1: ReLU lets the gradient through only where z1 was positive */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* 6. dW1 (D, H) */
    weight_grad(X, g->dz1, net->W1, reg, g->dW1);

    /* 7. db1 (H) */
    sum_columns(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
