/* backward.c
 * Homework 3, problem 4 (backprop for the 2-layer net)
 * uses gsl_blas like in the lab
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  double tmp;
  gsl_matrix *temp;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 -- softmax gradient.  dscores = probs / N, then minus one at the
   *    right class, like the python version */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / N);
  for (i = 0; i < N; i++)
    {
      tmp = gsl_matrix_get (g->dz2, i, y[i]);
      //gsl_matrix_set (g->dz2, y[i], i, tmp - 1);
      gsl_matrix_set (g->dz2, i, y[i], tmp - 1.0);
    }
  //printf ("dz2 row0: %f %f %f\n", gsl_matrix_get (g->dz2, 0, 0), gsl_matrix_get (g->dz2, 0, 1), gsl_matrix_get (g->dz2, 0, 2));

  /* 2. dW2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  temp = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (temp, net->W2);
  gsl_matrix_scale (temp, 2 * reg);
  gsl_matrix_add (g->dW2, temp);
  gsl_matrix_free (temp);

  /* 3. db2 */
  for (j = 0; j < net->C; j++)
    {
      tmp = 0;
      for (i = 0; i < N; i++)
        tmp = tmp + gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, tmp);
    }

  /* 4. dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0);
      }

  /* 6. dW1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  temp = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (temp, net->W1);
  gsl_matrix_scale (temp, 2 * reg);
  gsl_matrix_add (g->dW1, temp);
  gsl_matrix_free (temp);

  /* 7. db1 */
  for (j = 0; j < net->H; j++)
    {
      tmp = 0;
      for (i = 0; i < N; i++)
        tmp = tmp + gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, tmp);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
