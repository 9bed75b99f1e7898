/*  backward.c  --  assignment 4, backpropagation
 *
 *  Steps (column j = one class / one hidden unit):
 *    1  dz2 = (P - Y) / N
 *    2  dW2 = p1' dz2 + 2 reg W2          3  db2 = sum of rows of dz2
 *    4  dp1 = dz2 W2'                     5  dz1 = dp1 where z1 > 0
 *    6  dW1 = X' dz1 + 2 reg W1           7  db1 = sum of rows of dz1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3 */
  for (j = 0; j < C; j++)
    {
      gsl_vector_const_view cj = gsl_matrix_const_column (g->dz2, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&cj.vector));
    }

  /* 4 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5  -- column j of z1 starts at z1->data + j*N */
  for (j = 0; j < H; j++)
    {
      const double *zj = cache->z1->data + j * N;
      gsl_vector_view dzj = gsl_matrix_column (g->dz1, j);
      gsl_vector_const_view dpj = gsl_matrix_const_column (g->dp1, j);
      for (i = 0; i < N; i++)
        gsl_vector_set (&dzj.vector, i,
                        zj[i] > 0.0 ? gsl_vector_get (&dpj.vector, i) : 0.0);
    }

  /* 6 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* 7 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view cj = gsl_matrix_const_column (g->dz1, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&cj.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
