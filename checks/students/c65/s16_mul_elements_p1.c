/*
 * Backward pass, BLAS + gsl_matrix_* helpers only, no hand loops where
 * gsl has a function for it.
 *
 *   dz2 = (prob - Y) / N
 *   dW2 = p1^T dz2 + 2 reg W2,   db2 = sum_rows dz2
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 * relu'(z1)        (elementwise)
 *   dW1 = X^T dz1 + 2 reg W1,    db1 = sum_rows dz1
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    gsl_matrix *delta_out = g->dz2, *delta_hidden = g->dz1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(delta_out, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(delta_out, i, y[i]) -= 1.0;
    gsl_matrix_scale(delta_out, 1.0 / (double)N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, delta_out,
                   2.0 * reg, g->dW2);

    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(delta_out, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta_out, net->W2, 0.0,
                   g->dp1);

    /* relu'(z1): p1 is zero exactly where the relu was off */
    gsl_matrix_memcpy(delta_hidden, g->dp1);
    gsl_matrix_mul_elements(delta_hidden, cache->p1);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, delta_hidden,
                   2.0 * reg, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(delta_hidden, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
