/* backward.c  (NM course, backprop exercise)
 *
 * dp1 = dz2 * W2^T.  W2^T is formed once with gsl_matrix_transpose_memcpy
 * so that the inner loop of the product runs down a contiguous row.
 * W2 is H x C, so entry (h,c) sits at offset h*C + c.
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
  size_t i, h, c;
  gsl_matrix *W2t;
  double acc;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  W2t = gsl_matrix_alloc (C, H);
  gsl_matrix_transpose_memcpy (W2t, net->W2);

  /* dz2 */
  for (c = 0; c < C; c++)
    for (i = 0; i < N; i++)
      gsl_matrix_set (g->dz2, i, c, (gsl_matrix_get (cache->prob, i, c)
                                     - (y[i] == c ? 1.0 : 0.0)) / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  for (c = 0; c < C; c++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* dp1(i,h) = sum_c dz2(i,c) W2^T(c,h) */
  for (h = 0; h < H; h++)
    for (i = 0; i < N; i++)
      {
        acc = 0.0;
        for (c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, i, c) * W2t->data[h * C + c];
        gsl_matrix_set (g->dp1, i, h, acc);
      }

  /* dz1 */
  for (h = 0; h < H; h++)
    for (i = 0; i < N; i++)
      gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (cache->z1, i, h) > 0.0
                      ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (h = 0; h < H; h++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, acc);
    }

  gsl_matrix_free (W2t);
  g->present = BP_GRADS_ALL;
  return 0;
}
