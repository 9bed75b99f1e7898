/* backward.c -- HW3, chunked version (rows go through 2 at a time).
 * Everything that is (N, .) is only ever touched through a 2-row view. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

#define ROWS_PER_CHUNK 2

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t first, cnt, i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* L2 gradient goes in first, the chunks add onto it */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (first = 0; first < N; first += cnt)
    {
      cnt = N - first;
      if (cnt > ROWS_PER_CHUNK)
        cnt = ROWS_PER_CHUNK;

      gsl_matrix_const_view Xs = gsl_matrix_const_submatrix (X, first, 0, cnt, D);
      gsl_matrix_const_view Ps = gsl_matrix_const_submatrix (cache->prob, first, 0, cnt, C);
      gsl_matrix_const_view As = gsl_matrix_const_submatrix (cache->p1, first, 0, cnt, H);
      gsl_matrix_const_view Zs = gsl_matrix_const_submatrix (cache->z1, first, 0, cnt, H);
      gsl_matrix_view dZ2 = gsl_matrix_submatrix (g->dz2, first, 0, cnt, C);
      gsl_matrix_view dP1 = gsl_matrix_submatrix (g->dp1, first, 0, cnt, H);
      gsl_matrix_view dZ1 = gsl_matrix_submatrix (g->dz1, first, 0, cnt, H);

      gsl_matrix_memcpy (&dZ2.matrix, &Ps.matrix);
      for (i = 0; i < cnt; i++)
        {
          double *e = gsl_matrix_ptr (&dZ2.matrix, i, y[first + i]);
          *e -= 1.0;
        }
      gsl_matrix_scale (&dZ2.matrix, 1.0 / (double) N);

      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &As.matrix, &dZ2.matrix,
                      1.0, g->dW2);
      for (i = 0; i < cnt; i++)
        {
          gsl_vector_view row = gsl_matrix_row (&dZ2.matrix, i);
          gsl_blas_daxpy (1.0, &row.vector, g->db2);
        }

      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dZ2.matrix, net->W2,
                      0.0, &dP1.matrix);

      /* relu': 1 where z1 > 0 */
      gsl_matrix_memcpy (&dZ1.matrix, &dP1.matrix);
      for (i = 0; i < cnt; i++)
        for (j = 0; j < H; j++)
          if (gsl_matrix_get (&Zs.matrix, i, j) <= 0)
            gsl_matrix_set (&dZ1.matrix, i, j, 0);

      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &Xs.matrix, &dZ1.matrix,
                      1.0, g->dW1);
      for (i = 0; i < cnt; i++)
        {
          gsl_vector_view row = gsl_matrix_row (&dZ1.matrix, i);
          gsl_blas_daxpy (1.0, &row.vector, g->db1);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
