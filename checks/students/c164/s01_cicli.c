/* Esercitazione 3 - backward pass della rete a due strati
 * Gruppo: Rossi Marco, Bianchi Luca
 *
 * Tutto con cicli for e gsl_matrix_get / gsl_matrix_set, come visto a
 * lezione.  Le formule sono quelle ricavate sul quaderno. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_campioni = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double somma;

  if (num_campioni != cache->N || X->size2 != D || g->N != num_campioni)
    return 1;

  /* 1. dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < num_campioni; i++)
    for (k = 0; k < C; k++)
      {
        double p = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          p = p - 1.0;
        gsl_matrix_set (g->dz2, i, k, p / (double) num_campioni);
      }

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        somma = 0.0;
        for (i = 0; i < num_campioni; i++)
          somma += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, somma + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 = somma sulle righe di dz2 */
  for (k = 0; k < C; k++)
    {
      somma = 0.0;
      for (i = 0; i < num_campioni; i++)
        somma += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, somma);
    }

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < num_campioni; i++)
    for (j = 0; j < H; j++)
      {
        somma = 0.0;
        for (k = 0; k < C; k++)
          somma += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, somma);
      }

  /* 5. dz1 = dp1 dove z1 > 0, altrimenti 0 (derivata della ReLU) */
  for (i = 0; i < num_campioni; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        somma = 0.0;
        for (i = 0; i < num_campioni; i++)
          somma += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, somma + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* 7. db1 = somma sulle righe di dz1 */
  for (j = 0; j < H; j++)
    {
      somma = 0.0;
      for (i = 0; i < num_campioni; i++)
        somma += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, somma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
