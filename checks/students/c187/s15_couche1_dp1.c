// IFT3395 -- Devoir 2 -- backward.c
// Antoine Lessard
//
// Une fonction "retour_couche" pour les deux couches lineaires.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// entree (N x K), delta (N x M), poids (K x M)
// grad_poids = entree^T delta + 2 reg poids ; grad_biais = somme des lignes de delta
static void retour_couche(const gsl_matrix *entree, const gsl_matrix *delta,
                          const gsl_matrix *poids, double reg,
                          gsl_matrix *grad_poids, gsl_vector *grad_biais) {
    size_t i, k, m;
    for (k = 0; k < poids->size1; k++) {
        for (m = 0; m < poids->size2; m++) {
            double somme = 2 * reg * gsl_matrix_get(poids, k, m);
            for (i = 0; i < entree->size1; i++)
                somme += gsl_matrix_get(entree, i, k) * gsl_matrix_get(delta, i, m);
            gsl_matrix_set(grad_poids, k, m, somme);
        }
    }
    for (m = 0; m < delta->size2; m++) {
        double somme = 0;
        for (i = 0; i < delta->size1; i++)
            somme += gsl_matrix_get(delta, i, m);
        gsl_vector_set(grad_biais, m, somme);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // sortie
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    retour_couche(cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);

    // couche cachee
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    // premiere couche
    retour_couche(X, g->dp1, net->W1, reg, g->dW1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
