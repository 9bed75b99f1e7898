/* Homework 2 -- backward pass, written with plain loops.
 * I did not trust BLAS with the transposes so everything is loops over
 * ->data, with tda for the row length (the gradients in g are views). */

#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T * B   (A is n x a, B is n x b, out is a x b) */
static gsl_matrix *mat_tmul(const gsl_matrix *A, const gsl_matrix *B)
{
    size_t i, j, k;
    gsl_matrix *out = gsl_matrix_calloc(A->size2, B->size2);
    for (k = 0; k < A->size1; k++)
        for (i = 0; i < A->size2; i++)
            for (j = 0; j < B->size2; j++)
                AT(out, i, j) += AT(A, k, i) * AT(B, k, j);
    return out;
}

/* out = A * B^T   (A is n x c, B is h x c, out is n x h) */
static gsl_matrix *mat_mult(const gsl_matrix *A, const gsl_matrix *B)
{
    size_t i, j, k;
    gsl_matrix *out = gsl_matrix_calloc(A->size1, B->size1);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < B->size1; j++)
        {
            double s = 0;
            for (k = 0; k < A->size2; k++)
                s += AT(A, i, k) * AT(B, j, k);
            AT(out, i, j) = s;
        }
    return out;
}

/* 1 x m row with the column sums */
static gsl_matrix *sum_rows(const gsl_matrix *A)
{
    size_t i, j;
    gsl_matrix *out = gsl_matrix_calloc(1, A->size2);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            AT(out, 0, j) += AT(A, i, j);
    return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, D = net->D;
    size_t i, j;
    gsl_matrix *grad_scores, *grad_W2, *grad_b2, *grad_hidden, *grad_W1, *grad_b1;

    /* scores */
    grad_scores = gsl_matrix_alloc(N, C);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            AT(grad_scores, i, j) = (AT(cache->prob, i, j) - (j == y[i])) / (double) N;

    grad_W2 = mat_tmul(cache->p1, grad_scores);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            AT(grad_W2, i, j) += 2.0 * reg * AT(net->W2, i, j);
    grad_b2 = sum_rows(grad_scores);

    /* hidden layer, then through the relu (in place) */
    grad_hidden = mat_mult(grad_scores, net->W2);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            AT(g->dp1, i, j) = AT(grad_hidden, i, j);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (AT(cache->z1, i, j) <= 0)
                AT(grad_hidden, i, j) = 0;

    grad_W1 = mat_tmul(X, grad_hidden);
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            AT(grad_W1, i, j) += 2.0 * reg * AT(net->W1, i, j);
    grad_b1 = sum_rows(grad_hidden);

    /* copy out */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            AT(g->dz2, i, j) = AT(grad_scores, i, j);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            AT(g->dW2, i, j) = AT(grad_W2, i, j);
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, AT(grad_b2, 0, j));
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            AT(g->dz1, i, j) = AT(grad_hidden, i, j);
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            AT(g->dW1, i, j) = AT(grad_W1, i, j);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, AT(grad_b1, 0, j));

    gsl_matrix_free(grad_scores);
    gsl_matrix_free(grad_W2);
    gsl_matrix_free(grad_b2);
    gsl_matrix_free(grad_hidden);
    gsl_matrix_free(grad_W1);
    gsl_matrix_free(grad_b1);

    g->present = BP_GRADS_ALL;
    return 0;
}
