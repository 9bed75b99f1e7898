/* backward.c -- Tarea 3, retropropagacion de la red de dos capas.
 * Alumno: Martin Quiroga
 * Todo con bucles get/set, sin BLAS, para entender cada paso. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n_muestras = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (n_muestras != cache->N || X->size2 != net->D || g->N != n_muestras)
    return 1;

  /* 1. dz2 = (probabilidades - onehot(y)) / N */
  for (i = 0; i < n_muestras; i++)
    for (k = 0; k < C; k++)
      {
        double p = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          p -= 1.0;
        gsl_matrix_set (g->dz2, i, k, p / n_muestras);
      }

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double suma = 0.0;
        for (i = 0; i < n_muestras; i++)
          suma += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, suma + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 = suma de las filas de dz2 */
  for (k = 0; k < C; k++)
    {
      double suma = 0.0;
      for (i = 0; i < n_muestras; i++)
        suma += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, suma);
    }

  /* 4. dp1 = dz2 W2' */
  for (i = 0; i < n_muestras; i++)
    for (j = 0; j < H; j++)
      {
        double suma = 0.0;
        for (k = 0; k < C; k++)
          suma += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, suma);
      }

  /* 5. dz1: la ReLU deja pasar el gradiente solo donde z1 > 0 */
  for (i = 0; i < n_muestras; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double suma = 0.0;
        for (k = 0; k < n_muestras; k++)
          suma += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, suma + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* 7. db1 = suma de las filas de dz1 */
  for (j = 0; j < H; j++)
    {
      double suma = 0.0;
      for (i = 0; i < n_muestras; i++)
        suma += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, suma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
