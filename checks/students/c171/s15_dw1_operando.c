/* Tarea 3: retropropagacion en una red de dos capas
 * Alumno: Miguel Angel Dominguez Reyes
 * Nombres de variables como en las notas del curso.
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

  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;
  gsl_matrix *dz1 = g->dz1;
  gsl_matrix *dW1 = g->dW1, *dW2 = g->dW2;
  gsl_vector *db1 = g->db1, *db2 = g->db2;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1);
  gsl_matrix_scale (dscores, 1.0 / N);

  /* dW2 = hidden^T dscores + 2 reg W2 */
  gsl_matrix_memcpy (dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2 * reg, dW2);

  /* db2 */
  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dscores, i, k);
      gsl_vector_set (db2, k, s);
    }

  /* dhidden */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (dscores, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (dhidden, i, j, s);
      }

  /* dz1: backprop de la ReLU */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (dz1, i, j, z > 0 ? gsl_matrix_get (dhidden, i, j) : 0);
      }

  /* dW1 = X^T dhidden + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (dhidden, i, j);
        gsl_matrix_set (dW1, k, j, s + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz1, i, j);
      gsl_vector_set (db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
