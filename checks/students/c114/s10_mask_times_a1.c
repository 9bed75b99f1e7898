// HW3 - backprop
// delta1 = (delta2 * W2^T) .* f'(z1)

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    const gsl_matrix *a1 = cache->p1;
    gsl_matrix *delta2 = g->dz2, *delta1 = g->dz1;

    // delta2
    gsl_matrix_memcpy(delta2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(delta2, i, y[i], gsl_matrix_get(delta2, i, y[i]) - 1);
    gsl_matrix_scale(delta2, 1.0 / N);

    // grad_W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, a1, delta2, 2 * reg, g->dW2);

    // grad_b2
    for (j = 0; j < net->C; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(delta2, j);
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }

    // dp1
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta2, net->W2, 0.0, g->dp1);

    // delta1 = dp1 .* relu'(z1)
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(delta1, i, j, gsl_matrix_get(g->dp1, i, j) * gsl_matrix_get(a1, i, j));

    // grad_W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, delta1, 2 * reg, g->dW1);

    // grad_b1
    for (j = 0; j < net->H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(delta1, j);
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
