// hw3 backward pass -- two layer net
// matrix views + BLAS level 1/2, no triple loops

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2 = (prob - onehot) / N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // dW2 = p1^T dz2 + 2 reg W2, one row (hidden unit) at a time:
    // row i of dW2 = dz2^T * (column i of p1)
    for (i = 0; i < net->H; i++) {
        gsl_vector_const_view pcol = gsl_matrix_const_column(cache->p1, i);
        gsl_vector_const_view wrow = gsl_matrix_const_row(net->W2, i);
        gsl_vector_view grow = gsl_matrix_row(g->dW2, i);
        gsl_vector_memcpy(&grow.vector, &wrow.vector);
        gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, &pcol.vector, 2.0 * reg, &grow.vector);
    }

    // db2 = sum of each column of dz2
    for (k = 0; k < net->C; k++) {
        gsl_vector_view col = gsl_matrix_column(g->dz2, k);
        gsl_vector_set(g->db2, k, gsl_blas_dasum(&col.vector));
    }

    // dp1 row i = W2 * (dz2 row i)
    for (i = 0; i < N; i++) {
        gsl_vector_view zr = gsl_matrix_row(g->dz2, i);
        gsl_vector_view pr = gsl_matrix_row(g->dp1, i);
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &zr.vector, 0.0, &pr.vector);
    }

    // dz1 = dp1 masked by z1 > 0
    for (i = 0; i < N; i++)
        for (k = 0; k < net->H; k++)
            gsl_matrix_set(g->dz1, i, k,
                           gsl_matrix_get(cache->z1, i, k) > 0 ? gsl_matrix_get(g->dp1, i, k) : 0.0);

    // dW1 row d = dz1^T * (column d of X) + 2 reg W1 row d
    for (i = 0; i < net->D; i++) {
        gsl_vector_const_view xcol = gsl_matrix_const_column(X, i);
        gsl_vector_const_view wrow = gsl_matrix_const_row(net->W1, i);
        gsl_vector_view grow = gsl_matrix_row(g->dW1, i);
        gsl_vector_memcpy(&grow.vector, &wrow.vector);
        gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, &xcol.vector, 2.0 * reg, &grow.vector);
    }

    // db1
    for (k = 0; k < net->H; k++) {
        gsl_vector_view col = gsl_matrix_column(g->dz1, k);
        gsl_vector_set(g->db1, k, gsl_vector_sum(&col.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
