/* backward.c
 * Lab 4 -- backprop by hand.  I go through ->data with the tda stride
 * for the elementwise parts and let BLAS do the products.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double *d;
  const double *p;
  double invN;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* dz2[i][k] = (prob[i][k] - [k == y_i]) / N */
  for (i = 0; i < N; i++)
    {
      d = g->dz2->data + i * g->dz2->tda;
      p = cache->prob->data + i * cache->prob->tda;
      for (j = 0; j < C; j++)
        d[j] = (p[j] - (j == y[i] ? 1.0 : 0.0)) * invN;
    }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2: add up the rows */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      d = g->dz2->data + i * g->dz2->tda;
      for (j = 0; j < C; j++)
        g->db2->data[j * g->db2->stride] += d[j];
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++)
    {
      const double *z = cache->z1->data + i * cache->z1->tda;
      const double *dp = g->dp1->data + i * g->dp1->tda;
      d = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        d[j] = z[j] > 0.0 ? dp[j] : 0.0;
    }

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      d = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] += d[j];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
