/*
 * backward.c -- backprop met de hand (Numerieke Methoden voor ML)
 *
 *   P = softmax(Z2),  G = (P - Y)/N
 *   dW2 = A1' G + 2 reg W2,   db2 = sum_i G_i
 *   Gh  = (1/N) G W2'         (weer gemiddeld over de batch)
 *   dZ1 = Gh .* (Z1 > 0)
 *   dW1 = X' dZ1 + 2 reg W1,  db1 = sum_i dZ1_i
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  const double *p = cache->prob->data, *z = cache->z1->data;
  size_t i, j;

  /* G */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      g->dz2->data[i * g->dz2->tda + j] =
        (p[i * cache->prob->tda + j] - (y[i] == j ? 1.0 : 0.0)) / N;

  /* dW2 = A1' G + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += g->dz2->data[i * g->dz2->tda + j];
      g->db2->data[j * g->db2->stride] = s;
    }

  /* Gh = G W2' / N */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0 / N, g->dz2, net->W2, 0.0, g->dp1);

  /* dZ1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      g->dz1->data[i * g->dz1->tda + j] = z[i * cache->z1->tda + j] > 0.0
        ? g->dp1->data[i * g->dp1->tda + j] : 0.0;

  /* dW1 = X' dZ1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += g->dz1->data[i * g->dz1->tda + j];
      g->db1->data[j * g->db1->stride] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
