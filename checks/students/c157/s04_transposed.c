/* backward.c  --  Lab 3
 *
 * One work array holds dz2 and dp1 side by side: row i is
 *   [ dz2(i, 0..C-1) | dp1(i, 0..H-1) ]
 * and the two halves are views with tda = C + H.
 * dW2 is built transposed (C x H, as dz2^T p1) and transposed into g.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, D = net->D;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double work[N][C + H];
  double dW2t[C][H];
  double mask[N][H];
  double reg2[H][C];

  gsl_matrix_view dz2 = gsl_matrix_view_array_with_tda (&work[0][0], N, C, C + H);
  gsl_matrix_view dp1 = gsl_matrix_view_array_with_tda (&work[0][C], N, H, C + H);
  gsl_matrix_view tW2 = gsl_matrix_view_array (&dW2t[0][0], C, H);
  gsl_matrix_view M = gsl_matrix_view_array (&mask[0][0], N, H);
  gsl_matrix_view R = gsl_matrix_view_array (&reg2[0][0], H, C);

  /* scores */
  gsl_matrix_memcpy (&dz2.matrix, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (&dz2.matrix, i, y[i], gsl_matrix_get (&dz2.matrix, i, y[i]) - 1.0);
  gsl_matrix_scale (&dz2.matrix, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, &dz2.matrix);

  /* W2: (dz2^T p1)^T = p1^T dz2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &dz2.matrix, cache->p1, 0.0,
                  &tW2.matrix);
  gsl_matrix_transpose_memcpy (g->dW2, &tW2.matrix);
  gsl_matrix_memcpy (&R.matrix, net->W2);
  gsl_matrix_scale (&R.matrix, 2 * reg);
  gsl_matrix_add (g->dW2, &R.matrix);

  /* b2 */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view col = gsl_matrix_column (&dz2.matrix, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&col.vector));
    }

  /* p1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dz2.matrix, net->W2, 0.0,
                  &dp1.matrix);
  gsl_matrix_memcpy (g->dp1, &dp1.matrix);

  /* z1 = dp1 .* 1[z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      mask[i][j] = gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0;
  gsl_matrix_memcpy (g->dz1, &dp1.matrix);
  gsl_matrix_mul_elements (g->dz1, &M.matrix);

  /* W1, straight into g, reg first */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* b1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&col.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
