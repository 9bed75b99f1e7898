/* backward.c
 * Devoir 2, IFT3395 -- Léa Fortin
 *
 * Les produits de la couche de sortie sont faits a la main (boucles),
 * ceux de la premiere couche avec BLAS.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define G(A, i, j)     gsl_matrix_get ((A), (i), (j))
#define S(A, i, j, v)  gsl_matrix_set ((A), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nb_exemples = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j, k;
  double somme;

  if (nb_exemples != cache->N || X->size2 != net->D || g->N != nb_exemples)
    return 1;

  /* erreur a la sortie */
  for (i = 0; i < nb_exemples; i++)
    for (k = 0; k < C; k++)
      S (g->dz2, i, k, (G (cache->prob, i, k) - (k == y[i])) / nb_exemples);

  /* poids et biais de sortie */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        somme = 0.0;
        for (i = 0; i < nb_exemples; i++)
          somme += G (cache->p1, i, j) * G (g->dz2, i, k);
        S (g->dW2, j, k, somme + 2.0 * reg * G (net->W2, j, k));
      }
  for (k = 0; k < C; k++)
    {
      somme = 0.0;
      for (i = 0; i < nb_exemples; i++)
        somme += G (g->dz2, i, k);
      gsl_vector_set (g->db2, k, somme);
    }

  /* gradient de la couche cachee : dp1 = dz2 W2^T */
  for (i = 0; i < nb_exemples; i++)
    {
      somme = 0.0;
      for (j = 0; j < H; j++)
        {
          for (k = 0; k < C; k++)
            somme += G (g->dz2, i, k) * G (net->W2, j, k);
          S (g->dp1, i, j, somme);
        }
    }

  /* ReLU : on garde le gradient la ou z1 > 0 */
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < H; j++)
      S (g->dz1, i, j, G (cache->z1, i, j) > 0 ? G (g->dp1, i, j) : 0.0);

  /* premiere couche */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (j = 0; j < H; j++)
    {
      somme = 0.0;
      for (i = 0; i < nb_exemples; i++)
        somme += G (g->dz1, i, j);
      gsl_vector_set (g->db1, j, somme);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
