/* backward.c -- chunked backward pass (chunk = 3 rows).
 *
 * For each chunk k, rows [r, r+len):
 *   G  = (P - Y) / N                    -> g->dz2 rows
 *   dW2 += A' G,  db2 += 1' G          (A = hidden activations)
 *   dA = G W2'                          -> g->dp1 rows
 *   dZ = dA .* (Z > 0)                  -> g->dz1 rows
 *   dW1 += X' dZ, db1 += 1' dZ
 * then dW += 2 reg W once at the end. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

enum { CK = 3 };

static void
add_colsums (const gsl_matrix *M, gsl_vector *acc)
{
  size_t i;
  for (i = 0; i < M->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (M, i);
      gsl_vector_add (acc, &r.vector);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t r, len, i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);

  for (r = 0; r < N; r += CK)
    {
      len = r + CK <= N ? CK : N - r;
      gsl_matrix_const_view Xk = gsl_matrix_const_submatrix (X, r, 0, len, D);
      gsl_matrix_const_view Pk = gsl_matrix_const_submatrix (cache->prob, r, 0, len, C);
      gsl_matrix_const_view Ak = gsl_matrix_const_submatrix (cache->z1, r, 0, len, H);
      gsl_matrix_const_view Zk = gsl_matrix_const_submatrix (cache->z1, r, 0, len, H);
      gsl_matrix_view Gk = gsl_matrix_submatrix (g->dz2, r, 0, len, C);
      gsl_matrix_view dAk = gsl_matrix_submatrix (g->dp1, r, 0, len, H);
      gsl_matrix_view dZk = gsl_matrix_submatrix (g->dz1, r, 0, len, H);

      gsl_matrix_memcpy (&Gk.matrix, &Pk.matrix);
      for (i = 0; i < len; i++)
        *gsl_matrix_ptr (&Gk.matrix, i, y[r + i]) -= 1.0;
      gsl_matrix_scale (&Gk.matrix, 1.0 / (double) N);

      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &Ak.matrix, &Gk.matrix,
                      1.0, g->dW2);
      add_colsums (&Gk.matrix, g->db2);

      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &Gk.matrix, net->W2,
                      0.0, &dAk.matrix);

      gsl_matrix_memcpy (&dZk.matrix, &dAk.matrix);
      for (i = 0; i < len; i++)
        for (j = 0; j < H; j++)
          if (gsl_matrix_get (&Zk.matrix, i, j) <= 0.0)
            gsl_matrix_set (&dZk.matrix, i, j, 0.0);

      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &Xk.matrix, &dZk.matrix,
                      1.0, g->dW1);
      add_colsums (&dZk.matrix, g->db1);
    }

  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += 2.0 * reg * gsl_matrix_get (net->W2, i, j);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2.0 * reg * gsl_matrix_get (net->W1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
