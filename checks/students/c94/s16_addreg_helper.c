/*
 * backward.c -- 2-layer net, backward pass with GSL.
 *
 * Helpers:
 *   colsum(A, v)       v = A' * 1        (bias gradients)
 *   add_reg(dW, W, r)  dW += d/dW (r |W|^2)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void colsum(const gsl_matrix *A, gsl_vector *v)
{
    gsl_vector *ones = gsl_vector_alloc(A->size1);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, A, ones, 0.0, v);
    gsl_vector_free(ones);
}

static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double r)
{
    gsl_matrix *tmp = gsl_matrix_alloc(W->size1, W->size2);
    gsl_matrix_memcpy(tmp, W);
    gsl_matrix_scale(tmp, r);
    gsl_matrix_add(dW, tmp);
    gsl_matrix_free(tmp);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, i, j;
    gsl_matrix *m;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* layer 2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    colsum(g->dz2, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    m = gsl_matrix_alloc(N, H);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(m, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, m);
    gsl_matrix_free(m);

    /* layer 1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
