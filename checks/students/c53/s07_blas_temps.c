/* DL Assignment 2 -- backward pass with BLAS */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i;
    gsl_matrix *dscores, *grad_W2, *dhidden, *grad_W1;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    dscores = gsl_matrix_alloc(N, C);
    grad_W2 = gsl_matrix_alloc(H, C);
    dhidden = gsl_matrix_alloc(N, H);
    grad_W1 = gsl_matrix_alloc(D, H);
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* dscores = (probs - y_onehot) / N */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / (double) N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* grad_W2 = hidden^T dscores / N + 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0 / N, cache->p1, dscores, 0.0, grad_W2);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_add(g->dW2, grad_W2);

    gsl_blas_dgemv(CblasTrans, 1.0, dscores, ones, 0.0, g->db2);

    /* backprop into hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);
    for (i = 0; i < N * H; i++) {
        size_t r = i / H, c = i % H;
        if (gsl_matrix_get(cache->z1, r, c) <= 0)
            gsl_matrix_set(dhidden, r, c, 0.0);
    }
    gsl_matrix_memcpy(g->dz1, dhidden);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 0.0, grad_W1);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, grad_W1);

    gsl_blas_dgemv(CblasTrans, 1.0, dhidden, ones, 0.0, g->db1);

    gsl_matrix_free(dscores);
    gsl_matrix_free(grad_W2);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(grad_W1);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
