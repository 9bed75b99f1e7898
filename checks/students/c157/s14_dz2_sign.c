/* backward.c -- assignment 3
 * the score gradient is in a helper that fills a VLA passed by pointer
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dL/dz2 for softmax + cross-entropy, averaged over the batch */
static void
softmax_grad (size_t N, size_t C, double ds[N][C], const gsl_matrix *prob,
              const size_t *y)
{
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      {
        double onehot = (k == y[i]) ? 1.0 : 0.0;
        ds[i][k] = (onehot - gsl_matrix_get (prob, i, k)) / (double) N;
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double ds[N][C], dh[N][H], dw2[H][C], dw1[D][H];
  gsl_matrix_view DS = gsl_matrix_view_array (&ds[0][0], N, C);
  gsl_matrix_view DH = gsl_matrix_view_array (&dh[0][0], N, H);
  gsl_matrix_view DW2 = gsl_matrix_view_array (&dw2[0][0], H, C);
  gsl_matrix_view DW1 = gsl_matrix_view_array (&dw1[0][0], D, H);

  softmax_grad (N, C, ds, cache->prob, y);

  /* W2 <- 2 reg W2, then += p1^T ds */
  gsl_matrix_memcpy (&DW2.matrix, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, &DS.matrix,
                  2.0 * reg, &DW2.matrix);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &DS.matrix, net->W2, 0.0,
                  &DH.matrix);
  gsl_matrix_memcpy (g->dp1, &DH.matrix);

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      dh[i][j] *= gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0;

  gsl_matrix_memcpy (&DW1.matrix, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &DH.matrix, 2.0 * reg,
                  &DW1.matrix);

  /* biases: column sums */
  for (size_t k = 0; k < C; k++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += ds[i][k];
      gsl_vector_set (g->db2, k, s);
    }
  for (size_t j = 0; j < H; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += dh[i][j];
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_memcpy (g->dz2, &DS.matrix);
  gsl_matrix_memcpy (g->dW2, &DW2.matrix);
  gsl_matrix_memcpy (g->dz1, &DH.matrix);
  gsl_matrix_memcpy (g->dW1, &DW1.matrix);

  g->present = BP_GRADS_ALL;
  return 0;
}
