/* backward.c
 * Student: Mehmet Yilmaz     Section 3     HW 3
 *
 * I use ->data directly because gsl_matrix_get was too slow in HW2's
 * kNN.  Row-major: A[i][j] is A->data[i * A->tda + j].
 */

#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t D = net->D, H = net->H, C = net->C;
  const double *prob = cache->prob->data;
  const double *z1 = cache->z1->data;
  const double *W2 = net->W2->data;
  double *dz2 = g->dz2->data;
  double *dp1 = g->dp1->data;
  double *dz1 = g->dz1->data;
  /* row strides (tda), in case a matrix is a view */
  const size_t lp = cache->prob->tda, lz1 = cache->z1->tda;
  const size_t lw2 = net->W2->tda;
  const size_t ldz2 = g->dz2->tda, ldp1 = g->dp1->tda, ldz1 = g->dz1->tda;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 = (prob - Y) / N */
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      dz2[n * ldz2 + c] = (prob[n * lp + c] - (c == y[n] ? 1.0 : 0.0)) / N;

  /* dW2 = p1^T dz2 + 2 reg W2 ; BLAS for this one */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  for (size_t c = 0; c < C; c++)
    {
      double s = 0.0;
      for (size_t n = 0; n < N; n++)
        s += dz2[n * ldz2 + c];
      gsl_vector_set (g->db2, c, s);
    }

  /* dp1 = dz2 W2^T : (N,C) x (C,H).  W2^T[c][h] */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t c = 0; c < C; c++)
          s += dz2[n * ldz2 + c] * W2[c * lw2 + h];
        dp1[n * ldp1 + h] = s;
      }

  /* dz1 = dp1 where z1 > 0 */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      dz1[n * ldz1 + h] = z1[n * lz1 + h] > 0.0 ? dp1[n * ldp1 + h] : 0.0;

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (size_t h = 0; h < H; h++)
    {
      double s = 0.0;
      for (size_t n = 0; n < N; n++)
        s += dz1[n * ldz1 + h];
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
