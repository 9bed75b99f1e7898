// Two layer net backward -- Emil & Fatima
// A: we fill dz1 only where the relu was on (the rest is zero anyway?)
// B: check this
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;
    const size_t tda = g->dz1->tda;
    double *dz1 = g->dz1->data;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = p1^T dscores + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    // db2
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    // dhidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu backward
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (cache->z1->data[i * cache->z1->tda + j] > 0)
                dz1[i * tda + j] = g->dp1->data[i * g->dp1->tda + j];

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
