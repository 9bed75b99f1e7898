/* backward.c -- two-layer net, backward pass.
 * Every entry of every product is one dot product (gsl_blas_ddot) of a
 * row or a column of the matrices involved. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* 1. dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double p = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          p -= 1.0;
        gsl_matrix_set (g->dz2, i, k, p / N);
      }

  /* 2. dW2[j][k] = p1(:,j) . dz2(:,k) + 2 reg W2[j][k] */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view p1col = gsl_matrix_const_column (cache->p1, j);
      for (k = 0; k < C; k++)
        {
          gsl_vector_view dz2col = gsl_matrix_column (g->dz2, k);
          gsl_blas_ddot (&p1col.vector, &dz2col.vector, &s);
          gsl_matrix_set (g->dW2, j, k,
                          s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
        }
    }

  /* 3. db2[k] = sum over samples of dz2(:,k) */
  for (k = 0; k < C; k++)
    {
      gsl_vector_view dz2col = gsl_matrix_column (g->dz2, k);
      gsl_blas_ddot (&dz2col.vector, ones, &s);
      gsl_vector_set (g->db2, k, s);
    }

  /* 4. dp1[i][j] = dz2(i,:) . W2(j,:) */
  for (i = 0; i < N; i++)
    {
      gsl_vector_view dz2row = gsl_matrix_row (g->dz2, i);
      for (j = 0; j < H; j++)
        {
          gsl_vector_const_view w2row = gsl_matrix_const_row (net->W2, j);
          gsl_blas_ddot (&dz2row.vector, &w2row.vector, &s);
          gsl_matrix_set (g->dp1, i, j, s);
        }
    }

  /* 5. dz1 = dp1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* 6. dW1[d][j] = X(:,d) . dz1(:,j) + 2 reg W1[d][j] */
  for (i = 0; i < D; i++)
    {
      gsl_vector_const_view xcol = gsl_matrix_const_column (X, i);
      for (j = 0; j < H; j++)
        {
          gsl_vector_view dz1col = gsl_matrix_column (g->dz1, j);
          gsl_blas_ddot (&xcol.vector, &dz1col.vector, &s);
          gsl_matrix_set (g->dW1, i, j,
                          s + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
        }
    }

  /* 7. db1[j] = sum over samples of dz1(:,j) */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view dz1col = gsl_matrix_column (g->dz1, j);
      gsl_blas_ddot (&dz1col.vector, ones, &s);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
