/*
 * backward.c  (hw3)
 *
 * dW1 is done the "other way": dW1^T = dz1^T X, which is H x D, then
 * transposed into g.  Everything temporary is a VLA.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < dW->size1; i++)
    for (j = 0; j < dW->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j)
                      + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double dz2[N][C], dz1[N][H], dW1t[H][D];

  gsl_matrix_view dz2_v = gsl_matrix_view_array (&dz2[0][0], N, C);
  gsl_matrix_view dz1_v = gsl_matrix_view_array (&dz1[0][0], N, H);
  gsl_matrix_view dz1t_v = gsl_matrix_view_array (&dz1[0][0], H, N);
  gsl_matrix_view dW1t_v = gsl_matrix_view_array (&dW1t[0][0], H, D);

  /* dz2 */
  gsl_matrix_memcpy (&dz2_v.matrix, cache->prob);
  for (i = 0; i < N; i++)
    dz2[i][y[i]] -= 1.0;
  gsl_matrix_scale (&dz2_v.matrix, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, &dz2_v.matrix);

  /* dW2, db2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, &dz2_v.matrix,
                  0.0, g->dW2);
  add_reg (g->dW2, net->W2, reg);
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += dz2[i][j];
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 straight into g, dz1 in the VLA */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dz2_v.matrix, net->W2,
                  0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      dz1[i][j] = gsl_matrix_get (cache->z1, i, j) > 0
                  ? gsl_matrix_get (g->dp1, i, j) : 0.0;
  gsl_matrix_memcpy (g->dz1, &dz1_v.matrix);

  /* dW1^T = dz1^T X   (H x N)(N x D) */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, &dz1t_v.matrix, X, 0.0,
                  &dW1t_v.matrix);
  gsl_matrix_transpose_memcpy (g->dW1, &dW1t_v.matrix);
  add_reg (g->dW1, net->W1, reg);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += dz1[i][j];
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
