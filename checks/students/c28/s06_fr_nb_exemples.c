/* Devoir 2 : passe arriere du reseau a deux couches
 * Etudiant : Theo Marchand (groupe TD3)
 *
 * Notations du cours : N exemples, D entrees, H caches, C classes.
 * Je fais tout avec des boucles, c'est plus clair pour moi.
 */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nb_exemples = X->size2;
  size_t nc = net->C;
  size_t i, j, k;

  if (X->size1 != cache->N || g->N != cache->N)
    return 1;

  /* --- gradient des scores : (proba - indicatrice) / N --- */
  for (i = 0; i < cache->N; i++)
    for (j = 0; j < nc; j++)
      {
        double ind = (j == y[i]) ? 1.0 : 0.0;
        double v = gsl_matrix_get (cache->prob, i, j) - ind;
        gsl_matrix_set (g->dz2, i, j, v / nb_exemples);
      }

  /* --- dW2 = p1^T dz2 + 2 reg W2 --- */
  for (j = 0; j < net->H; j++)
    for (k = 0; k < nc; k++)
      {
        double acc = 0.0;
        for (i = 0; i < cache->N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* --- db2 : somme sur les exemples --- */
  for (k = 0; k < nc; k++)
    {
      double acc = 0.0;
      for (i = 0; i < cache->N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* --- dp1 = dz2 W2^T --- */
  for (i = 0; i < cache->N; i++)
    for (j = 0; j < net->H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < nc; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* --- ReLU : on ne garde que la ou z1 > 0 --- */
  for (i = 0; i < cache->N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* --- dW1 = X^T dz1 + 2 reg W1 --- */
  for (k = 0; k < net->D; k++)
    for (j = 0; j < net->H; j++)
      {
        double acc = 0.0;
        for (i = 0; i < cache->N; i++)
          acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, acc + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* --- db1 --- */
  for (j = 0; j < net->H; j++)
    {
      double acc = 0.0;
      for (i = 0; i < cache->N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
