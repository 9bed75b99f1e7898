/* backward pass for the 2-layer net.  To keep memory flat I go through
 * the batch in pieces of PIECE rows and add each piece's contribution. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

#define PIECE 4

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t p, m, i, j;
  double scale = 1.0 / (double) N;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_vector_set_zero (g->dtheta);

  for (p = 0; p < N; p += PIECE)
    {
      m = GSL_MIN (PIECE, N - p);
      gsl_matrix_const_view x = gsl_matrix_const_submatrix (X, p, 0, m, D);
      gsl_matrix_const_view pr = gsl_matrix_const_submatrix (cache->prob, p, 0, m, C);
      gsl_matrix_const_view h = gsl_matrix_const_submatrix (cache->p1, p, 0, m, H);
      gsl_matrix_view dz2 = gsl_matrix_submatrix (g->dz2, p, 0, m, C);
      gsl_matrix_view dp1 = gsl_matrix_submatrix (g->dp1, p, 0, m, H);
      gsl_matrix_view dz1 = gsl_matrix_submatrix (g->dz1, p, 0, m, H);

      /* dz2 = (softmax - onehot)/N */
      for (i = 0; i < m; i++)
        for (j = 0; j < C; j++)
          gsl_matrix_set (&dz2.matrix, i, j, scale * (gsl_matrix_get (&pr.matrix, i, j)
                                                     - (double) (j == y[p + i])));

      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &h.matrix, &dz2.matrix, 1.0, g->dW2);
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dz2.matrix, net->W2, 0.0, &dp1.matrix);

      /* ReLU: gradient only flows where it is positive */
      for (i = 0; i < m; i++)
        for (j = 0; j < H; j++)
          {
            double v = gsl_matrix_get (&dp1.matrix, i, j);
            gsl_matrix_set (&dz1.matrix, i, j, v > 0.0 ? v : 0.0);
          }

      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &x.matrix, &dz1.matrix, 1.0, g->dW1);

      for (i = 0; i < m; i++)
        {
          for (j = 0; j < C; j++)
            *gsl_vector_ptr (g->db2, j) += gsl_matrix_get (&dz2.matrix, i, j);
          for (j = 0; j < H; j++)
            *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (&dz1.matrix, i, j);
        }
    }

  /* reg */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2 * reg * gsl_matrix_get (net->W1, i, j);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += 2 * reg * gsl_matrix_get (net->W2, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
