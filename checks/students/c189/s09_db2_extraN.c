/* Lab 5 backward.c
 *
 * Gradients of L = mean cross entropy + reg(|W1|^2 + |W2|^2).
 * Temporaries: dscores, dhidden (freed at the end).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dscores, *dhidden;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dscores = gsl_matrix_alloc (N, C);
  dhidden = gsl_matrix_alloc (N, H);

  /* ******** dz2 ******** */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (dscores, i, y[i]);
      gsl_matrix_set (dscores, i, y[i], p - 1);
    }
  gsl_matrix_scale (dscores, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* ******** dW2 ******** */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                  2 * reg, g->dW2);

  /* ******** db2 ******** */
  /* sum over the batch, mean because the loss is a mean */
  for (j = 0; j < C; j++)
    {
      double sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (dscores, i, j);
      gsl_vector_set (g->db2, j, sum / N);
    }

  /* ******** dp1 ******** */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                  dhidden);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* ******** dz1 ******** */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (dhidden, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, dhidden);

  /* ******** dW1 ******** */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2 * reg,
                  g->dW1);

  /* ******** db1 ******** */
  for (j = 0; j < H; j++)
    {
      double sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (dhidden, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;

  gsl_matrix_free (dscores);
  gsl_matrix_free (dhidden);
  return 0;
}
