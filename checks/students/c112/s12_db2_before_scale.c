/*
 * backward.c -- backward pass
 *
 * g->dz2 holds prob - onehot (no 1/N yet) until the end; the 1/N is
 * passed to dgemm as alpha so it is not applied twice.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    size_t r;
    gsl_vector_set_zero(out);
    for (r = 0; r < A->size1; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, r);
        gsl_vector_add(out, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    double invN = 1.0 / (double) N;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* prob - onehot */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;

    /* dW2 = (1/N) p1' (prob - onehot) + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, invN, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 */
    sum_rows(g->dz2, g->db2);

    /* dp1 = (1/N) (prob - onehot) W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, invN, g->dz2, net->W2, 0.0, g->dp1);

    /* dz2 is done being used, give it its 1/N */
    gsl_matrix_scale(g->dz2, invN);

    /* dz1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
