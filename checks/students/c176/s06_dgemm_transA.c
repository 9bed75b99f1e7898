/* backward.c  --  lab 4
 *
 *   dW2t = dz2' * p1        (C x H)   dgemm, TransA
 *   dp1  = dz2  * W2t       (N x H)
 *   dW1t = dz1' * X         (H x D)
 * the t-matrices are copied back into g at the end.
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix *W2t  = gsl_matrix_alloc (C, H);
  gsl_matrix *W1t  = gsl_matrix_alloc (H, D);
  gsl_matrix *dW2t = gsl_matrix_alloc (C, H);
  gsl_matrix *dW1t = gsl_matrix_alloc (H, D);
  gsl_matrix_transpose_memcpy (W2t, net->W2);
  gsl_matrix_transpose_memcpy (W1t, net->W1);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2, transposed; reg term via beta */
  gsl_matrix_memcpy (dW2t, W2t);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz2, cache->p1,
                  2.0 * reg, dW2t);
  memcpy (g->dW2->data, dW2t->data, H * C * sizeof (double));

  /* db2 */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2t, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1, transposed */
  gsl_matrix_memcpy (dW1t, W1t);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz1, X, 2.0 * reg, dW1t);
  gsl_matrix_transpose_memcpy (g->dW1, dW1t);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (W2t);
  gsl_matrix_free (W1t);
  gsl_matrix_free (dW2t);
  gsl_matrix_free (dW1t);
  g->present = BP_GRADS_ALL;
  return 0;
}
