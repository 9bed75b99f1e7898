/*
 * TP Apprentissage profond - passe arriere
 * Yasmine Haddad / Paul Rousseau
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* scores -> dz2 = (softmax - onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* grad_poids2 = p1^T dz2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

    /* grad_biais2 */
    for (j = 0; j < net->C; j++) {
        gsl_vector_const_view colonne = gsl_matrix_const_column(g->dz2, j);
        double somme = 0.0;
        for (i = 0; i < N; i++) {
            somme += gsl_vector_get(&colonne.vector, i);
        }
        gsl_vector_set(g->db2, j, somme);
    }

    /* retour dans la couche cachee */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }

    /* grad_poids1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    /* grad_biais1 */
    for (j = 0; j < net->H; j++) {
        gsl_vector_const_view colonne = gsl_matrix_const_column(g->dz1, j);
        double somme = 0.0;
        for (i = 0; i < N; i++) {
            somme += gsl_vector_get(&colonne.vector, i);
        }
        gsl_vector_set(g->db1, j, somme);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
