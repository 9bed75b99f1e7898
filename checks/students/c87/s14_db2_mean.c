// backward.c  - two layer net (affine - relu - affine - softmax)
// lab 4, backward pass, one function per gradient

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// dscores
static void grad_dz2(gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y, size_t N)
{
    gsl_matrix_memcpy(dz2, prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(dz2, i, y[i], gsl_matrix_get(prob, i, y[i]) - 1.0);
    gsl_matrix_scale(dz2, 1.0 / N);
}

static void grad_dW2(gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2,
                     const gsl_matrix *W2, double reg)
{
    gsl_matrix_memcpy(dW2, W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, dW2);
}

// bias gradient: average over the batch
static void grad_db2(gsl_vector *db2, const gsl_matrix *dz2, size_t N)
{
    for (size_t c = 0; c < dz2->size2; c++) {
        double total = 0.0;
        for (size_t i = 0; i < N; i++)
            total += gsl_matrix_get(dz2, i, c);
        gsl_vector_set(db2, c, total / N);
    }
}

static void grad_dp1(gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void grad_dz1(gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
    gsl_matrix_memcpy(dz1, dp1);
    for (size_t i = 0; i < z1->size1; i++)
        for (size_t j = 0; j < z1->size2; j++)
            if (gsl_matrix_get(z1, i, j) <= 0)
                gsl_matrix_set(dz1, i, j, 0.0);
}

static void grad_dW1(gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1,
                     const gsl_matrix *W1, double reg)
{
    gsl_matrix_memcpy(dW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);
}

// sum over samples
static void grad_db1(gsl_vector *db1, const gsl_matrix *dz1, size_t N)
{
    for (size_t h = 0; h < dz1->size2; h++) {
        double total = 0.0;
        for (size_t i = 0; i < N; i++)
            total += gsl_matrix_get(dz1, i, h);
        gsl_vector_set(db1, h, total);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    grad_dz2(g->dz2, cache->prob, y, N);
    grad_dW2(g->dW2, cache->p1, g->dz2, net->W2, reg);
    grad_db2(g->db2, g->dz2, N);
    grad_dp1(g->dp1, g->dz2, net->W2);
    grad_dz1(g->dz1, g->dp1, cache->z1);
    grad_dW1(g->dW1, X, g->dz1, net->W1, reg);
    grad_db1(g->db1, g->dz1, N);

    g->present = BP_GRADS_ALL;
    return 0;
}
