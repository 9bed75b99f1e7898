/* backward.c -- hand-written backward pass, assignment 3.
 * Temporaries are VLAs on the stack, wrapped in gsl_matrix views so that
 * gsl_blas_dgemm can work on them; the results are copied into g at the end
 * of every step. */

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

  double dscores[N][C];
  double dhidden[N][H];
  double dW2[H][C];
  double dW1[D][H];

  gsl_matrix_view ds = gsl_matrix_view_array (&dscores[0][0], N, C);
  gsl_matrix_view dh = gsl_matrix_view_array (&dhidden[0][0], N, H);
  gsl_matrix_view w2 = gsl_matrix_view_array (&dW2[0][0], H, C);
  gsl_matrix_view w1 = gsl_matrix_view_array (&dW1[0][0], D, H);

  /* 1. dz2 = (probs - onehot) / N */
  gsl_matrix_memcpy (&ds.matrix, cache->prob);
  for (i = 0; i < N; i++)
    dscores[i][y[i]] -= 1.0;
  gsl_matrix_scale (&ds.matrix, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, &ds.matrix);

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (&w2.matrix, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, &ds.matrix,
                  2.0 * reg, &w2.matrix);
  gsl_matrix_memcpy (g->dW2, &w2.matrix);

  /* 3. db2 = sum over the samples */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += dscores[i][j];
      gsl_vector_set (g->db2, j, s);
    }

  /* 4. dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &ds.matrix, net->W2, 0.0,
                  &dh.matrix);
  gsl_matrix_memcpy (g->dp1, &dh.matrix);

  /* 5. dz1: kill the gradient where the relu was off (in place) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        dhidden[i][j] = 0.0;
  gsl_matrix_memcpy (g->dz1, &dh.matrix);

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (&w1.matrix, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &dh.matrix, 2.0 * reg,
                  &w1.matrix);
  gsl_matrix_memcpy (g->dW1, &w1.matrix);

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += dhidden[i][j];
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
