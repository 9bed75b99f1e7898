/*
 * Assignment 2 -- backprop
 * nn_util from A1:  matmul(C, A, B, transA, transB)  relu_inplace(M)
 *                   add_bias_rows(M, b)  col_sum(M, v)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

void matmul(gsl_matrix *C, const gsl_matrix *A, const gsl_matrix *B,
            int transA, int transB)
{
    gsl_blas_dgemm(transA ? CblasTrans : CblasNoTrans,
                   transB ? CblasTrans : CblasNoTrans, 1.0, A, B, 0.0, C);
}

void relu_inplace(gsl_matrix *M)
{
    size_t i, j;
    for (i = 0; i < M->size1; i++)
        for (j = 0; j < M->size2; j++)
            if (M->data[i * M->tda + j] < 0.0)
                M->data[i * M->tda + j] = 0.0;
}

void col_sum(const gsl_matrix *M, gsl_vector *v)
{
    size_t i, j;
    gsl_vector_set_zero(v);
    for (i = 0; i < M->size1; i++)
        for (j = 0; j < M->size2; j++)
            v->data[j * v->stride] += M->data[i * M->tda + j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* W2, b2 */
    matmul(g->dW2, cache->p1, g->dz2, 1, 0);
    for (i = 0; i < net->H; i++)
        for (j = 0; j < net->C; j++)
            g->dW2->data[i * g->dW2->tda + j] += 2.0 * reg * net->W2->data[i * net->W2->tda + j];
    col_sum(g->dz2, g->db2);

    /* back through W2, then through the relu (p1 = relu(z1)) */
    matmul(g->dp1, g->dz2, net->W2, 0, 1);
    relu_inplace(g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (cache->z1->data[i * cache->z1->tda + j] <= 0.0)
                g->dz1->data[i * g->dz1->tda + j] = 0.0;

    /* W1, b1 */
    matmul(g->dW1, X, g->dz1, 1, 0);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < net->H; j++)
            g->dW1->data[i * g->dW1->tda + j] += 2.0 * reg * net->W1->data[i * net->W1->tda + j];
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
