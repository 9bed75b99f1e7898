/* Tarea 3 -- backward de la red de dos capas
 * Fernanda Castillo Aguilar, grupo 02
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db = suma por columnas de la matriz d */
static void
sumar_columnas (const gsl_matrix *d, gsl_vector *db)
{
  size_t r, c;
  gsl_vector_set_zero (db);
  for (r = 0; r < d->size1; r++)
    for (c = 0; c < d->size2; c++)
      gsl_vector_set (db, c, gsl_vector_get (db, c) + gsl_matrix_get (d, r, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs - y_onehot
   * (el promedio 1/N ya esta en la perdida, no hay que repetirlo) */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) - (k == y[i]));

  /* dW2 = hidden^T dscores + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double suma = 0.0;
        for (i = 0; i < N; i++)
          suma += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        suma += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, suma);
      }

  sumar_columnas (g->dz2, g->db2);

  /* dhidden = dscores W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double suma = 0.0;
        for (k = 0; k < C; k++)
          suma += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, suma);
      }

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double suma = 0.0;
        for (i = 0; i < N; i++)
          suma += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, suma + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  sumar_columnas (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
