/* Retropropagation - TP note
 * Groupe 7 : Chloe Lambert, Maxime Robin
 *
 * Produits matriciels avec BLAS, le reste en boucles.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nb_exemples = X->size1;
    size_t i, j;
    double somme;

    if (nb_exemples != cache->N || X->size2 != net->D || g->N != nb_exemples)
        return 1;

    /* ---- couche de sortie ---- */

    /* dz2 = (prob - Y) / N */
    for (i = 0; i < nb_exemples; i++)
        for (j = 0; j < net->C; j++)
            gsl_matrix_set(g->dz2, i, j, (gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / nb_exemples);

    /* grad_poids2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* grad_biais2 */
    for (j = 0; j < net->C; j++) {
        somme = 0.0;
        for (i = 0; i < nb_exemples; i++)
            somme += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, somme);
    }

    /* ---- couche cachee ---- */

    /* gradient par rapport a la sortie de la couche cachee : dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2, 0.0, g->dp1);

    /* relu : masque = (z1 > 0) */
    for (i = 0; i < nb_exemples; i++)
        for (j = 0; j < net->H; j++) {
            double masque = (gsl_matrix_get(cache->z1, i, j) > 0.0) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, masque * gsl_matrix_get(g->dp1, i, j));
        }

    /* grad_poids1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* grad_biais1 */
    for (j = 0; j < net->H; j++) {
        somme = 0.0;
        for (i = 0; i < nb_exemples; i++)
            somme += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, somme);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
