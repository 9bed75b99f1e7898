/* Retropropagation (TP3) -- Romain Chevalier
 * version finale
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t nb_exemples = X->size1;
    size_t i, j;
    gsl_matrix_view ligne_dz2;

    if (nb_exemples != cache->N || X->size2 != net->D || g->N != nb_exemples) return 1;

    // gradient de la perte moyenne par rapport aux scores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / nb_exemples);
    for (i = 0; i < nb_exemples; i++) {
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }

    // poids et biais de la couche 2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < nb_exemples; i++) {
        ligne_dz2 = gsl_matrix_submatrix(g->dz2, i, 0, 1, net->C);
        for (j = 0; j < net->C; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(&ligne_dz2.matrix, 0, j));
    }

    // couche cachee
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < nb_exemples; i++) {
        for (j = 0; j < net->H; j++) {
            double masque = gsl_matrix_get(cache->z1, i, j) > 0 ? 1 : 0;
            gsl_matrix_set(g->dz1, i, j, masque * gsl_matrix_get(g->dp1, i, j));
        }
    }

    // poids et biais de la couche 1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < nb_exemples; i++) {
        for (j = 0; j < net->H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, i, j));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
