/*
 * backward.c -- 2-layer MLP, backward (sheet 4)
 * Marie Zimmermann
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* v = 1^T M, i.e. sum of all rows */
static void sum_rows(const gsl_matrix *M, gsl_vector *v)
{
    gsl_vector_set_zero(v);
    for (size_t i = 0; i < M->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(M, i);
        gsl_blas_daxpy(1.0, &r.vector, v);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* (1) softmax loss */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* (2), (3) second affine layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2 * reg, g->dW2);
    sum_rows(g->dz2, g->db2);

    /* (4) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* (5) relu */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* (6), (7) first affine layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dp1,
                   2 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
