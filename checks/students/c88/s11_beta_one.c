// backward.c  (hw2)
// g arrives zeroed (bp_grads_alloc), so the weight grads can be accumulated.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    // scores -> dz2
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t n = 0; n < N; n++) {
        double *p = gsl_matrix_ptr(g->dz2, n, y[n]);
        *p -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // W2: dW2 = 2 reg W2 + p1' dz2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // hidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
            double z = gsl_matrix_get(cache->z1, n, h);
            gsl_matrix_set(g->dz1, n, h, z > 0 ? gsl_matrix_get(g->dp1, n, h) : 0);
        }

    // W1: accumulate X' dz1, then the penalty
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
    for (size_t d = 0; d < net->D; d++) {
        gsl_vector_const_view w = gsl_matrix_const_row(net->W1, d);
        gsl_vector_view dw = gsl_matrix_row(g->dW1, d);
        gsl_blas_daxpy(2 * reg, &w.vector, &dw.vector);
    }
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
