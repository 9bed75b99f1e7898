// backward.c -- backprop, per sample, with two scratch vectors
//
//   delta2 (C) : output-layer error of the current sample
//   delta1 (H) : hidden-layer error after the relu
//
// Both are gsl_vector_calloc'ed once per call and reused sample after
// sample; the rows of dz2/dp1/dz1 are written from them.

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t n, j;
    gsl_vector *delta2 = gsl_vector_calloc(net->C);
    gsl_vector *delta1 = gsl_vector_calloc(H);

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        gsl_vector_free(delta2);
        gsl_vector_free(delta1);
        return 1;
    }

    // weight decay goes in first: dW = 2 reg W
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2 * reg);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (n = 0; n < N; n++)
    {
        gsl_vector_const_view prow = gsl_matrix_const_row(cache->prob, n);
        gsl_vector_const_view hrow = gsl_matrix_const_row(cache->p1, n);
        gsl_vector_const_view xrow = gsl_matrix_const_row(X, n);
        gsl_vector_view dp = gsl_matrix_row(g->dp1, n);

        // delta2 = (p - e_y) / N
        gsl_vector_memcpy(delta2, &prow.vector);
        gsl_vector_set(delta2, y[n], gsl_vector_get(delta2, y[n]) - 1.0);
        gsl_vector_scale(delta2, 1.0 / (double)N);
        gsl_matrix_set_row(g->dz2, n, delta2);

        gsl_blas_dger(1.0, &hrow.vector, delta2, g->dW2);
        gsl_vector_add(g->db2, delta2);

        // dp1 row = W2 * delta2
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, delta2, 0.0, &dp.vector);

        // relu: only the active units pass the error back
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, n, j) > 0.0)
                gsl_vector_set(delta1, j, gsl_vector_get(&dp.vector, j));
        gsl_matrix_set_row(g->dz1, n, delta1);

        gsl_blas_dger(1.0, &xrow.vector, delta1, g->dW1);
        gsl_vector_add(g->db1, delta1);
    }

    gsl_vector_free(delta2);
    gsl_vector_free(delta1);
    g->present = BP_GRADS_ALL;
    return 0;
}
