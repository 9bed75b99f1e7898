/* backward.c
 *
 * Backward pass of the 2-layer network.
 * sum_cols() is shared by db2 and db1.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum_i A[i][j]  (sum over the samples) */
static void sum_cols(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(A, j);
        double acc = 0.0;
        for (i = 1; i < col.vector.size; i++)
            acc += gsl_vector_get(&col.vector, i);
        gsl_vector_set(out, j, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    gsl_matrix *mask;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2, db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    sum_cols(g->dz2, g->db2);

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1: mask from z1, then elementwise */
    mask = gsl_matrix_alloc(N, net->H);
    gsl_matrix_memcpy(mask, cache->z1);
    for (i = 0; i < N * net->H; i++) {
        size_t r = i / net->H, c = i % net->H;
        gsl_matrix_set(mask, r, c, gsl_matrix_get(mask, r, c) > 0 ? 1.0 : 0.0);
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);
    gsl_matrix_free(mask);

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    sum_cols(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
