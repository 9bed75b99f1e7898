/* IFT-3395 -- Devoir 2, partie C : retropropagation du reseau a deux couches.
 *
 * Version "boucles seulement" : je n'utilise pas BLAS, tout est fait avec
 * gsl_matrix_get / gsl_matrix_set pour etre sur des indices.
 *
 * Rappel des formes : X (N,D), W1 (D,H), W2 (H,C), z1 et p1 (N,H), z2 (N,C).
 * Perte = (1/N) somme -log prob[i][y_i] + reg (|W1|^2 + |W2|^2)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nb_exemples = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double somme;

  if (nb_exemples != cache->N || X->size2 != D || g->N != nb_exemples)
    return 1;

  /* 1. dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < C; j++)
      {
        double p = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          p -= 1.0;
        gsl_matrix_set (g->dz2, i, j, p / (double) nb_exemples);
      }

  /* 2. dW2 = p1^T dz2 + 2 reg W2   (H,C) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        somme = 0.0;
        for (i = 0; i < nb_exemples; i++)
          somme += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        somme + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 = somme des lignes de dz2 */
  for (k = 0; k < C; k++)
    {
      somme = 0.0;
      for (i = 0; i < nb_exemples; i++)
        somme += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, somme);
    }

  /* 4. dp1 = dz2 W2^T   (N,H) */
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < H; j++)
      {
        somme = 0.0;
        for (k = 0; k < C; k++)
          somme += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, somme);
      }

  /* 5. dz1 : la ReLU laisse passer le gradient seulement si z1 > 0 */
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1   (D,H) */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        somme = 0.0;
        for (i = 0; i < nb_exemples; i++)
          somme += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j,
                        somme + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* 7. db1 = somme des lignes de dz1 */
  for (j = 0; j < H; j++)
    {
      somme = 0.0;
      for (i = 0; i < nb_exemples; i++)
        somme += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, somme);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
