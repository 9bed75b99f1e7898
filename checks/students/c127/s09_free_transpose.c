/*
 * backward.c
 *
 * Uses dgemm everywhere.  Trick for W2': a matrix stored by columns is its
 * transpose stored by rows, so W2' (C x H) is just W2's buffer viewed as
 * C x H -- no copy needed.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void colsum(const gsl_matrix *A, gsl_vector *v)
{
    size_t r;
    gsl_vector_set_zero(v);
    for (r = 0; r < A->size1; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, r);
        gsl_vector_add(v, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, r, c;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (prob - Y) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (r = 0; r < N; r++)
        *gsl_matrix_ptr(g->dz2, r, y[r]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    colsum(g->dz2, g->db2);

    /* dp1 = dz2 * W2' */
    gsl_matrix_const_view W2t =
        gsl_matrix_const_view_array(net->W2->data, net->C, net->H);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, &W2t.matrix,
                   0.0, g->dp1);

    /* dz1 = dp1 .* (z1 > 0) */
    for (r = 0; r < N; r++)
        for (c = 0; c < net->H; c++)
            gsl_matrix_set(g->dz1, r, c, gsl_matrix_get(g->dp1, r, c)
                           * (gsl_matrix_get(cache->z1, r, c) > 0.0));

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                   g->dW1);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
