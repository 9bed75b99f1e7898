/*
 * Shin Woojin
 * HW2: backward pass (affine-relu-affine-softmax), GSL
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW = A^T dZ (averaged over the batch) + 2*reg*W */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    size_t n = A->size1;
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0 / (double)n, A, dZ, 2.0 * reg, dW);
}

/* db = sum of dZ over the batch */
static void bias_grad(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t i, j;
    for (j = 0; j < dZ->size2; j++) {
        double s = 0.0;
        for (i = 0; i < dZ->size1; i++)
            s += gsl_matrix_get(dZ, i, j);
        gsl_vector_set(db, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1. scores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* 2-3. second layer */
    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    /* 4. */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5. relu */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* 6-7. first layer */
    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
