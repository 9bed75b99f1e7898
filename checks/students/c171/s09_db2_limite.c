/**********************************************************
 * Red neuronal de dos capas: paso hacia atras
 * Curso: Inteligencia Artificial      Alumna: Valeria Mtz.
 **********************************************************/
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j;
  double tmp;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* --- dscores = (probs - Y) / N --- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      tmp = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], tmp - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* --- dW2 = hidden^T * dscores + 2*reg*W2 --- */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      {
        tmp = gsl_matrix_get (g->dW2, i, j) + 2.0 * reg * gsl_matrix_get (net->W2, i, j);
        gsl_matrix_set (g->dW2, i, j, tmp);
      }

  /* --- db2: suma sobre los ejemplos --- */
  for (j = 0; j < C; j++)
    {
      tmp = 0.0;
      for (i = 0; i < N - 1; i++)
        tmp += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, tmp);
    }

  /* --- dhidden = dscores * W2^T --- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* --- ReLU --- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          tmp = gsl_matrix_get (g->dp1, i, j);
        else
          tmp = 0.0;
        gsl_matrix_set (g->dz1, i, j, tmp);
      }

  /* --- dW1 = X^T * dz1 + 2*reg*W1 --- */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        size_t n;
        tmp = 0.0;
        for (n = 0; n < N; n++)
          tmp += gsl_matrix_get (X, n, i) * gsl_matrix_get (g->dz1, n, j);
        gsl_matrix_set (g->dW1, i, j, tmp + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* --- db1 --- */
  for (j = 0; j < H; j++)
    {
      tmp = 0.0;
      for (i = 0; i < N; i++)
        tmp += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, tmp);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
