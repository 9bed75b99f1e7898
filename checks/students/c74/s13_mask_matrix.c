/* backward.c
 * ReLU backward done with an explicit 0/1 mask matrix and
 * gsl_matrix_mul_elements, like mask = (z1 > 0) in numpy. */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void col_sums(const gsl_matrix *A, gsl_vector *out)
{
    size_t i;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(out, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;
    gsl_matrix *mask;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    mask = gsl_matrix_calloc(N, H);
    if (!mask)
        return 1;

    /* output layer */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    col_sums(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* mask = (z1 > 0) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(mask, i, j, 1.0);

    /* dz1 = dp1 * mask */
    gsl_matrix_mul_elements(g->dp1, mask);
    gsl_matrix_memcpy(g->dz1, g->dp1);

    /* input layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    col_sums(g->dz1, g->db1);

    gsl_matrix_free(mask);
    g->present = BP_GRADS_ALL;
    return 0;
}
