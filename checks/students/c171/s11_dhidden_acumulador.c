/*
 * Tarea 3: backward
 * Integrante: Carlos Eduardo Flores Vega
 *
 * dscores, dW2, db2, dhidden, dz1, dW1, db1 en ese orden (como el handout).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double suma;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          if (k == y[i])
            gsl_matrix_set (g->dz2, i, k, (gsl_matrix_get (cache->prob, i, k) - 1.0) / N);
          else
            gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) / N);
        }
    }

  /* dW2 = hidden^T dscores + 2 reg W2, con dgemm */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* db2 */
  for (k = 0; k < C; k++)
    {
      suma = 0.0;
      for (i = 0; i < N; i++)
        suma += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, suma);
    }

  /* dhidden[i][j] = sum_k dscores[i][k] * W2[j][k] */
  for (i = 0; i < N; i++)
    {
      suma = 0.0;
      for (j = 0; j < H; j++)
        {
          for (k = 0; k < C; k++)
            suma += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, suma);
        }
    }

  /* dz1 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          if (gsl_matrix_get (cache->z1, i, j) > 0)
            gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
          else
            gsl_matrix_set (g->dz1, i, j, 0.0);
        }
    }

  /* dW1 */
  for (k = 0; k < D; k++)
    {
      for (j = 0; j < H; j++)
        {
          suma = 0.0;
          for (i = 0; i < N; i++)
            suma += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
          gsl_matrix_set (g->dW1, k, j, suma + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
        }
    }

  /* db1 */
  for (j = 0; j < H; j++)
    {
      suma = 0.0;
      for (i = 0; i < N; i++)
        suma += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, suma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
