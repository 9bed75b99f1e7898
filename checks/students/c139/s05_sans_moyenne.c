/* backward.c - TP3 retropropagation
   Martin Dufour, Lea Garnier
   Rendu du 14/11. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nb_exemples = X->size1;
  size_t nb_entrees = net->D, nb_caches = net->H, nb_classes = net->C;
  size_t n, h, c, d;

  if (nb_exemples != cache->N || X->size2 != nb_entrees || g->N != nb_exemples)
    return 1;

  /* 1. gradient des scores : dz2 = prob - y (la division par N est faite dans la perte) */
  for (n = 0; n < nb_exemples; n++)
    for (c = 0; c < nb_classes; c++)
      {
        double proba = gsl_matrix_get (cache->prob, n, c);
        double cible = (c == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, c, proba - cible);
      }

  /* 2. grad_poids2 */
  for (h = 0; h < nb_caches; h++)
    for (c = 0; c < nb_classes; c++)
      {
        double somme = 0.0;
        for (n = 0; n < nb_exemples; n++)
          somme += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        somme += 2 * reg * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dW2, h, c, somme);
      }

  /* 3. grad_biais2 */
  for (c = 0; c < nb_classes; c++)
    {
      double somme = 0.0;
      for (n = 0; n < nb_exemples; n++)
        somme += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, somme);
    }

  /* 4. gradient de la couche cachee (apres relu) */
  for (n = 0; n < nb_exemples; n++)
    for (h = 0; h < nb_caches; h++)
      {
        double somme = 0.0;
        for (c = 0; c < nb_classes; c++)
          somme += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, somme);
      }

  /* 5. avant la relu */
  for (n = 0; n < nb_exemples; n++)
    for (h = 0; h < nb_caches; h++)
      {
        double masque = gsl_matrix_get (cache->z1, n, h) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, n, h, masque * gsl_matrix_get (g->dp1, n, h));
      }

  /* 6. grad_poids1 */
  for (d = 0; d < nb_entrees; d++)
    for (h = 0; h < nb_caches; h++)
      {
        double somme = 0.0;
        for (n = 0; n < nb_exemples; n++)
          somme += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        somme += 2 * reg * gsl_matrix_get (net->W1, d, h);
        gsl_matrix_set (g->dW1, d, h, somme);
      }

  /* 7. grad_biais1 */
  for (h = 0; h < nb_caches; h++)
    {
      double somme = 0.0;
      for (n = 0; n < nb_exemples; n++)
        somme += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, somme);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
