/* TP3 Reseaux de neurones -- calcul des gradients
 * Eleves : Sarah Benali, Lucas Fontaine
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t nb_exemples = X->size1;
    const size_t nb_entrees = X->size2;
    const size_t couche_cachee = net->H;
    const size_t nb_classes = net->C;
    size_t i, j, k;

    if (nb_exemples != cache->N || nb_entrees != net->D || g->N != nb_exemples)
        return 1;

    /* ===== Etape 1 : dz2 ===== */
    for (i = 0; i < nb_exemples; i++)
    {
        for (k = 0; k < nb_classes; k++)
        {
            double d = gsl_matrix_get(cache->prob, i, k);
            if (y[i] == k)
                d -= 1.0;
            gsl_matrix_set(g->dz2, i, k, d / (double) nb_exemples);
        }
    }

    /* ===== Etape 2 et 3 : dW2 et db2 ===== */
    for (k = 0; k < nb_classes; k++)
    {
        double somme_b = 0.0;
        for (j = 0; j < couche_cachee; j++)
        {
            double somme_w = 0.0;
            for (i = 0; i < nb_exemples; i++)
                somme_w += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, somme_w + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
        for (i = 0; i < nb_exemples; i++)
            somme_b += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, somme_b);
    }

    /* ===== Etape 4 : dp1 ===== */
    for (i = 0; i < nb_exemples; i++)
    {
        for (j = 0; j < couche_cachee; j++)
        {
            double s = 0.0;
            for (k = 0; k < nb_classes; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* ===== Etape 5 : dz1, on ne garde que les neurones actifs ===== */
    for (i = 0; i < nb_exemples; i++)
    {
        for (j = 0; j < couche_cachee; j++)
        {
            double masque = (gsl_matrix_get(g->dp1, i, j) > 0.0) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, masque * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* ===== Etape 6 et 7 : dW1 et db1 ===== */
    for (j = 0; j < couche_cachee; j++)
    {
        double somme_b = 0.0;
        for (k = 0; k < nb_entrees; k++)
        {
            double somme_w = 0.0;
            for (i = 0; i < nb_exemples; i++)
                somme_w += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, somme_w + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
        for (i = 0; i < nb_exemples; i++)
            somme_b += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, somme_b);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
