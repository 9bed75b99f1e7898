/*
 * Practica 2 - Redes Neuronales
 * Retropropagacion con BLAS (gsl_blas_dgemm / dgemv).
 * Grupo 4: Valentina Rios, Joaquin Salas
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;
    gsl_vector *unos;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* dz2: copiamos las probabilidades, restamos 1 en la clase correcta
       y dividimos entre N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = p1^T dz2 + 2*reg*W2  (primero copiamos W2 y usamos beta) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 = dz2^T * unos */
    unos = gsl_vector_alloc(N);
    if (unos == NULL) {
        return 1;
    }
    gsl_vector_set_all(unos, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, unos, 0.0, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 donde z1 > 0, cero en otro caso */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        size_t j;
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0) {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    /* dW1 = X^T dz1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 = dz1^T * unos */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, unos, 0.0, g->db1);

    gsl_vector_free(unos);
    g->present = BP_GRADS_ALL;
    return 0;
}
