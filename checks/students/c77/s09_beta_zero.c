/* hw3 backward -- minibatch split into chunks of 4 so the dgemms stay small */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static size_t
chunk_len (size_t start, size_t N)
{
  return (N - start > 4) ? 4 : N - start;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t s, L, i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (s = 0; s < N; s += L)
    {
      L = chunk_len (s, N);
      gsl_matrix_const_view xv = gsl_matrix_const_submatrix (X, s, 0, L, D);
      gsl_matrix_const_view prv = gsl_matrix_const_submatrix (cache->prob, s, 0, L, C);
      gsl_matrix_const_view hv = gsl_matrix_const_submatrix (cache->p1, s, 0, L, H);
      gsl_matrix_const_view zv = gsl_matrix_const_submatrix (cache->z1, s, 0, L, H);
      gsl_matrix_view d2 = gsl_matrix_submatrix (g->dz2, s, 0, L, C);
      gsl_matrix_view dh = gsl_matrix_submatrix (g->dp1, s, 0, L, H);
      gsl_matrix_view d1 = gsl_matrix_submatrix (g->dz1, s, 0, L, H);

      /* dL/dscores */
      gsl_matrix_memcpy (&d2.matrix, &prv.matrix);
      for (i = 0; i < L; i++)
        gsl_matrix_set (&d2.matrix, i, y[s + i],
                        gsl_matrix_get (&d2.matrix, i, y[s + i]) - 1.0);
      gsl_matrix_scale (&d2.matrix, 1.0 / (double) N);

      /* output layer */
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &hv.matrix, &d2.matrix, 0.0, g->dW2);
      for (i = 0; i < L; i++)
        for (j = 0; j < C; j++)
          gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j)
                          + gsl_matrix_get (&d2.matrix, i, j));

      /* hidden */
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &d2.matrix, net->W2,
                      0.0, &dh.matrix);
      for (i = 0; i < L; i++)
        for (j = 0; j < H; j++)
          gsl_matrix_set (&d1.matrix, i, j,
                          gsl_matrix_get (&zv.matrix, i, j) > 0.0
                          ? gsl_matrix_get (&dh.matrix, i, j) : 0.0);

      /* input layer */
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &xv.matrix, &d1.matrix,
                      1.0, g->dW1);
      for (i = 0; i < L; i++)
        for (j = 0; j < H; j++)
          gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j)
                          + gsl_matrix_get (&d1.matrix, i, j));
    }

  /* L2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W2, i, j));
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
