/*
 * TP retropropagation -- Elise Vasseur (groupe A1)
 *
 * La regularisation est ajoutee par une fonction commune aux deux couches.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* ajoute au gradient la derivee du terme de regularisation reg * ||W||^2 */
static void ajoute_reg(gsl_matrix *grad, const gsl_matrix *poids, double reg)
{
    size_t i, j;
    for (i = 0; i < poids->size1; i++) {
        for (j = 0; j < poids->size2; j++) {
            double w = gsl_matrix_get(poids, i, j);
            gsl_matrix_set(grad, i, j, gsl_matrix_get(grad, i, j) + reg * w);
        }
    }
}

/* somme des lignes d'une matrice, pour les biais */
static void somme_sur_exemples(const gsl_matrix *m, gsl_vector *v)
{
    size_t i, j;
    for (j = 0; j < m->size2; j++) {
        double somme = 0.0;
        for (i = 0; i < m->size1; i++)
            somme += gsl_matrix_get(m, i, j);
        gsl_vector_set(v, j, somme);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nb_exemples = X->size1;
    size_t i, j;

    if (nb_exemples != cache->N || X->size2 != net->D || g->N != nb_exemples)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < nb_exemples; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / nb_exemples);

    /* couche 2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    ajoute_reg(g->dW2, net->W2, reg);
    somme_sur_exemples(g->dz2, g->db2);

    /* dp1 et passage dans la relu */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < nb_exemples; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    /* couche 1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    ajoute_reg(g->dW1, net->W1, reg);
    somme_sur_exemples(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
