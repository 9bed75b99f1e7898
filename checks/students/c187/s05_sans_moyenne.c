/* backward.c - devoir 2
 * Olivier Bouchard
 * retropropagation a la main, boucles + gsl_matrix_get/set
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nb_exemples = X->size1;
    size_t nb_entrees = net->D, nb_caches = net->H, nb_classes = net->C;
    size_t i, j, k;

    if (nb_exemples != cache->N || X->size2 != nb_entrees || g->N != nb_exemples)
        return 1;

    /* gradient des scores : prob - 1 sur la bonne classe */
    for (i = 0; i < nb_exemples; i++) {
        for (k = 0; k < nb_classes; k++) {
            double indic = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k, gsl_matrix_get(cache->prob, i, k) - indic);
        }
    }

    /* dW2 (H x C) et db2 */
    for (j = 0; j < nb_caches; j++) {
        for (k = 0; k < nb_classes; k++) {
            double somme = 0;
            for (i = 0; i < nb_exemples; i++)
                somme += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            somme += 2 * reg * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, somme);
        }
    }
    for (k = 0; k < nb_classes; k++) {
        double somme = 0;
        for (i = 0; i < nb_exemples; i++)
            somme += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, somme);
    }

    /* retour dans la couche cachee */
    for (i = 0; i < nb_exemples; i++) {
        for (j = 0; j < nb_caches; j++) {
            double somme = 0;
            for (k = 0; k < nb_classes; k++)
                somme += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, somme);
            /* relu */
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, somme);
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    /* dW1 (D x H) et db1 */
    for (i = 0; i < nb_entrees; i++) {
        for (j = 0; j < nb_caches; j++) {
            double somme = 0;
            for (k = 0; k < nb_exemples; k++)
                somme += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            somme += 2 * reg * gsl_matrix_get(net->W1, i, j);
            gsl_matrix_set(g->dW1, i, j, somme);
        }
    }
    for (j = 0; j < nb_caches; j++) {
        double somme = 0;
        for (i = 0; i < nb_exemples; i++)
            somme += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, somme);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
