/* backward.c
 * MATLAB version:
 *     dhidden = dscores * W2';
 *     dhidden = dhidden .* (z1 > 0);
 * GSL does .* in place (gsl_matrix_mul_elements), which is convenient.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* G = double(Z > 0) */
static void relu_grad(const gsl_matrix *Z, gsl_matrix *G)
{
    size_t i, j;
    for (i = 0; i < Z->size1; i++)
        for (j = 0; j < Z->size2; j++)
            gsl_matrix_set(G, i, j, gsl_matrix_get(Z, i, j) > 0 ? 1.0 : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;
    gsl_matrix *mask;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    mask = gsl_matrix_alloc(N, net->H);
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* dscores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2, db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    relu_grad(cache->z1, mask);
    gsl_matrix_mul_elements(g->dp1, mask);
    gsl_matrix_memcpy(g->dz1, g->dp1);

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free(mask);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
