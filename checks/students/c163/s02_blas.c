// backward.c  -- HW3, two-layer net backprop
// uses BLAS for all the matrix products (Piazza said dgemm is allowed)

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores = (probs - 1 at the correct class) / N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = hidden^T * dscores + 2*reg*W2
    // trick: copy W2 in first and let dgemm add to it with beta = 2 reg
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // db2 = sum over rows
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    // dhidden = dscores * W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu backward
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    // dW1 = X^T dz1 + 2 reg W1, same trick as dW2
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
