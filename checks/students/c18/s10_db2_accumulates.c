/* backward.c
 *
 * 2-layer net backward, HW 3.  Anna Kowalski (output) + Ben Oyelaran (hidden)
 *
 * Anna:  dout = d loss / d scores.  I rewrote db2 on Thursday to do it in
 *        the same sweep over the batch as dout (one pass over the data);
 *        the old version is below under #if 0.
 * Ben:   dh = d loss / d hidden, BLAS.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t C = net->C, H = net->H;
  size_t i, j;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* === Anna === */

#if 0
  /* old: two passes */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j)
                                     - (j == y[i])) / N);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j)
                      + gsl_matrix_get (g->dz2, i, j));
#endif

  /* new: dout and db2 in one sweep */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double d = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          d -= 1.0;
        d /= (double) N;
        gsl_matrix_set (g->dz2, i, j, d);
        gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + d);
      }

  /* dW2 = p1^T dout + 2 reg W2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      {
        double s = 0.0;
        size_t n;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (cache->p1, n, i) * gsl_matrix_get (g->dz2, n, j);
        gsl_matrix_set (g->dW2, i, j, s + 2.0 * reg * gsl_matrix_get (net->W2, i, j));
      }

  /* === Ben === */

  /* dh = dout W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* back through the relu */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view zrow = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view hrow = gsl_matrix_const_row (g->dp1, i);
      gsl_vector_view out = gsl_matrix_row (g->dz1, i);
      for (j = 0; j < H; j++)
        gsl_vector_set (&out.vector, j,
                        gsl_vector_get (&zrow.vector, j) > 0
                        ? gsl_vector_get (&hrow.vector, j) : 0.0);
    }

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = dz1^T 1 */
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
