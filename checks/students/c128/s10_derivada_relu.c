/*
 * backward.c -- red de dos capas, paso hacia atras
 * Sebastian Rojas (Ing. Civil Informatica)
 *
 * Version vectorizada: todo con BLAS y funciones de gsl_matrix.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    gsl_vector *unos = NULL;
    size_t i;

    if (N != cache->N || X->size2 != net->D)
        return 1;

    /* dL/dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dL/dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* dL/db2 = unos' * dz2 */
    unos = gsl_vector_alloc(N);
    gsl_vector_set_all(unos, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, unos, 0.0, g->db2);

    /* dL/dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dL/dz1 = dL/dp1 * relu'(z1)  (derivada de la ReLU) */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, cache->p1);

    /* dL/dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* dL/db1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, unos, 0.0, g->db1);

    gsl_vector_free(unos);
    g->present = BP_GRADS_ALL;
    return 0;
}
