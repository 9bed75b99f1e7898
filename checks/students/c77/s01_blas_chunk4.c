/* backward.c -- two-layer net backward pass, done 4 rows at a time so
 * we never need a full (N, H) temporary.  Lab 3, exercise 2. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

#define CHUNK 4

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t start, len, i;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* accumulators for the parameter gradients */
  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (start = 0; start < N; start += CHUNK)
    {
      len = (N - start < CHUNK) ? N - start : CHUNK;

      gsl_matrix_const_view Xc = gsl_matrix_const_submatrix (X, start, 0, len, D);
      gsl_matrix_const_view Pc = gsl_matrix_const_submatrix (cache->prob, start, 0, len, C);
      gsl_matrix_const_view P1c = gsl_matrix_const_submatrix (cache->p1, start, 0, len, H);
      gsl_matrix_const_view Z1c = gsl_matrix_const_submatrix (cache->z1, start, 0, len, H);
      gsl_matrix_view dz2c = gsl_matrix_submatrix (g->dz2, start, 0, len, C);
      gsl_matrix_view dp1c = gsl_matrix_submatrix (g->dp1, start, 0, len, H);
      gsl_matrix_view dz1c = gsl_matrix_submatrix (g->dz1, start, 0, len, H);

      /* 1. dz2 = (prob - onehot) / N for these rows */
      gsl_matrix_memcpy (&dz2c.matrix, &Pc.matrix);
      for (i = 0; i < len; i++)
        {
          double v = gsl_matrix_get (&dz2c.matrix, i, y[start + i]);
          gsl_matrix_set (&dz2c.matrix, i, y[start + i], v - 1.0);
        }
      gsl_matrix_scale (&dz2c.matrix, 1.0 / (double) N);

      /* 2. dW2 += p1c' dz2c */
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &P1c.matrix,
                      &dz2c.matrix, 1.0, g->dW2);

      /* 3. db2 += column sums */
      for (i = 0; i < len; i++)
        {
          gsl_vector_view r = gsl_matrix_row (&dz2c.matrix, i);
          gsl_vector_add (g->db2, &r.vector);
        }

      /* 4. dp1c = dz2c W2' */
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dz2c.matrix, net->W2,
                      0.0, &dp1c.matrix);

      /* 5. relu: copy and kill where z1 <= 0 */
      gsl_matrix_memcpy (&dz1c.matrix, &dp1c.matrix);
      for (i = 0; i < len * H; i++)
        if (gsl_matrix_get (&Z1c.matrix, i / H, i % H) <= 0.0)
          gsl_matrix_set (&dz1c.matrix, i / H, i % H, 0.0);

      /* 6. dW1 += Xc' dz1c */
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &Xc.matrix,
                      &dz1c.matrix, 1.0, g->dW1);

      /* 7. db1 */
      for (i = 0; i < len; i++)
        {
          gsl_vector_view r = gsl_matrix_row (&dz1c.matrix, i);
          gsl_vector_add (g->db1, &r.vector);
        }
    }

  /* penalty, once: d/dW reg |W|^2 = 2 reg W */
  for (i = 0; i < H; i++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W2, i);
      gsl_vector_view dw = gsl_matrix_row (g->dW2, i);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
    }
  for (i = 0; i < D; i++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W1, i);
      gsl_vector_view dw = gsl_matrix_row (g->dW1, i);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
