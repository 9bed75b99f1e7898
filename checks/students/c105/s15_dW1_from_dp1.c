/* backward.c -- hw 6
 *
 * shapes: dz2 NxC, dW2 HxC, db2 C, dp1 NxH, dz1 NxH, dW1 DxH, db1 H
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    gsl_matrix *regW1, *regW2;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    regW1 = gsl_matrix_alloc(net->D, net->H);
    regW2 = gsl_matrix_alloc(net->H, net->C);
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* reg terms, 2*reg*W */
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2.0 * reg);
    gsl_matrix_memcpy(regW2, net->W2);
    gsl_matrix_scale(regW2, 2.0 * reg);

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2, db2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix_add(g->dW2, regW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dp1, dz1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* dW1, db1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 0.0, g->dW1);
    gsl_matrix_add(g->dW1, regW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free(regW1);
    gsl_matrix_free(regW2);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
