/* backward.c  (HW: backprop in C with GSL)
 *
 * Gradients in the order of the handout. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
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
  gsl_matrix *tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* 2 */
  tmp = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (tmp, net->W2);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);

  /* 3  db2[j] = sum of dz2 over the batch */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view v = gsl_matrix_row (g->dz2, j);
      double s = 0.0;
      for (i = 0; i < v.vector.size; i++)
        s += gsl_vector_get (&v.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* 4 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* 6 */
  tmp = gsl_matrix_alloc (net->D, H);
  gsl_matrix_memcpy (tmp, net->W1);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, tmp);
  gsl_matrix_free (tmp);

  /* 7 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view v = gsl_matrix_column (g->dz1, j);
      double s = 0.0;
      for (i = 0; i < v.vector.size; i++)
        s += gsl_vector_get (&v.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
