/* backward.c -- R. Okafor
 * column-at-a-time version: every hidden unit / class is a column view.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N, H, C, i, c, h;
  gsl_matrix *T;

  N = X->size1;
  H = net->H;
  C = net->C;

  /* dz2: class column c gets prob[:, c] - [y == c], then / N */
  for (c = 0; c < C; c++)
    {
      gsl_vector_const_view pc = gsl_matrix_const_column (cache->prob, c);
      gsl_vector_view dc = gsl_matrix_column (g->dz2, c);
      gsl_vector_memcpy (&dc.vector, &pc.vector);
      for (i = 0; i < N; i++)
        if (y[i] == c)
          gsl_vector_set (&dc.vector, i, gsl_vector_get (&dc.vector, i) - 1.0);
      gsl_vector_scale (&dc.vector, 1.0 / (double) N);
    }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  T = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (T, net->W2);
  gsl_matrix_scale (T, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, T);
  gsl_matrix_free (T);

  /* db2: column sums */
  for (c = 0; c < C; c++)
    {
      gsl_vector_const_view dc = gsl_matrix_const_column (g->dz2, c);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&dc.vector, i);
      gsl_vector_set (g->db2, c, s);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: hidden column h passes where z1[:, h] > 0 */
  for (h = 0; h < H; h++)
    {
      gsl_vector_const_view dp = gsl_matrix_const_column (g->dp1, h);
      gsl_vector_const_view zc = gsl_matrix_const_column (cache->z1, c);
      gsl_vector_view dz = gsl_matrix_column (g->dz1, h);
      for (i = 0; i < N; i++)
        gsl_vector_set (&dz.vector, i,
                        gsl_vector_get (&zc.vector, i) > 0.0
                        ? gsl_vector_get (&dp.vector, i) : 0.0);
    }

  /* dW1 = X^T dz1 + 2 reg W1 */
  T = gsl_matrix_alloc (net->D, H);
  gsl_matrix_memcpy (T, net->W1);
  gsl_matrix_scale (T, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, T);
  gsl_matrix_free (T);

  /* db1: column sums */
  for (h = 0; h < H; h++)
    {
      gsl_vector_const_view dc = gsl_matrix_const_column (g->dz1, h);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&dc.vector, i);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
