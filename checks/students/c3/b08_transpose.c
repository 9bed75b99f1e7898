/* backward.c -- two-layer net.
 * dp1 = dz2 W2^T: I make W2^T once, explicitly, so that every product
 * below is a plain NoTrans x NoTrans dgemm and I can't get a flag wrong. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, D = net->D;
  gsl_matrix *W2T, *p1T, *XT;
  size_t i, j;

  W2T = gsl_matrix_alloc (C, H);
  p1T = gsl_matrix_alloc (H, N);
  XT = gsl_matrix_alloc (D, N);
  gsl_matrix_transpose_memcpy (W2T, net->W2);
  gsl_matrix_transpose_memcpy (p1T, cache->p1);
  gsl_matrix_transpose_memcpy (XT, X);

  /* scores gradient */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j) / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 2.0 * reg,
                  g->dW2);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (W2T);
  gsl_matrix_free (p1T);
  gsl_matrix_free (XT);
  g->present = BP_GRADS_ALL;
  return 0;
}
