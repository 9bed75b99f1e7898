// backward pass -- HW3
// dW2 with rank-1 updates (dger), dW1 with one dgemm. I wanted to compare
// both ways; they should give the same thing.
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *dscores = g->dz2;
    gsl_matrix_memcpy(dscores, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1);
    gsl_matrix_scale(dscores, 1.0 / N);

    // dW2: way 1, sum of outer products p1_i * dscores_i^T
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view a = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view b = gsl_matrix_const_row(dscores, i);
        gsl_blas_dger(1.0, &a.vector, &b.vector, g->dW2);
    }
    {
        gsl_vector_const_view w = gsl_vector_const_view_array(net->W2->data, H * C);
        gsl_vector_view dw = gsl_vector_view_array(g->dW2->data, H * C);
        gsl_blas_daxpy(2 * reg, &w.vector, &dw.vector);
    }

    // db2
    for (size_t c = 0; c < C; c++) {
        gsl_vector_const_view col = gsl_matrix_const_column(dscores, c);
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, c, s);
    }

    // back into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++) {
            double d = gsl_matrix_get(cache->z1, i, k) > 0 ? gsl_matrix_get(g->dp1, i, k) : 0;
            gsl_matrix_set(g->dz1, i, k, d);
        }

    // dW1: way 2, one dgemm, reg through beta
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    // db1
    for (size_t k = 0; k < H; k++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, k);
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, k, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
