/*
 * MSI, projekt: siec dwuwarstwowa, propagacja wsteczna
 * autor: Michal Szymanski
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t i, j;
    gsl_vector_view wiersz;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* --- warstwa wyjsciowa --- */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = p1^T * dz2  (regularyzacja dodana nizej) */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

    /* db2 - sumujemy wiersze dz2 */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        wiersz = gsl_matrix_row(g->dz2, i);
        gsl_vector_add(g->db2, &wiersz.vector);
    }

    /* --- warstwa ukryta --- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0) {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    /* dW1 = X^T * dz1 + 2 * reg * W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        wiersz = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &wiersz.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
