/* backward.c - HW 3 problem 2
 * (c) Wen Zhao
 *
 * dz2, dp1, dz1 by hand with row pointers, the weight gradients with BLAS.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  double *out;
  const double *in, *w;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    {
      in = gsl_matrix_const_ptr (cache->prob, i, 0);
      out = gsl_matrix_ptr (g->dz2, i, 0);
      for (k = 0; k < C; k++)
        out[k] = in[k];
      out[y[i]] -= 1.0;
      for (k = 0; k < C; k++)
        out[k] /= N;
    }

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      *gsl_vector_ptr (g->db2, k) += gsl_matrix_get (g->dz2, i, k);

  /* dp1[i][j] = sum_k dz2[i][k] W2[j][k] */
  for (i = 0; i < N; i++)
    {
      in = gsl_matrix_const_ptr (g->dz2, i, 0);
      out = gsl_matrix_ptr (g->dp1, i, 0);
      for (j = 0; j < H; j++)
        {
          w = gsl_matrix_const_ptr (net->W2, j, 0);
          out[j] = 0.0;
          for (k = 0; k < C; k++)
            out[j] = in[k] * w[k];
        }
    }

  /* dz1 */
  for (i = 0; i < N; i++)
    {
      in = gsl_matrix_const_ptr (g->dp1, i, 0);
      out = gsl_matrix_ptr (g->dz1, i, 0);
      for (j = 0; j < H; j++)
        out[j] = gsl_matrix_get (cache->z1, i, j) > 0.0 ? in[j] : 0.0;
    }

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
