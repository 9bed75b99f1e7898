/* backward.c  (lab 5)
 *
 * Pointers into ->data, row i of a matrix m starts at m->data + i*m->tda.
 * The two weight gradients use BLAS (copied from the lecture example).
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
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* --- dz2 = (probs - onehot) / N --- */
  for (i = 0; i < N; i++)
    {
      const double *p = cache->prob->data + i * cache->prob->tda;
      double *d = g->dz2->data + i * g->dz2->tda;
      for (k = 0; k < C; k++)
        d[k] = p[k] / N;
      d[y[i]] -= 1.0 / N;
    }

  /* --- dW2 = p1^T dz2 + 2 reg W2 --- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

  /* --- db2 = column sums of dz2 --- */
  for (k = 0; k < C; k++)
    g->db2->data[k * g->db2->stride] = 0.0;
  for (i = 0; i < N; i++)
    {
      const double *d = g->dz2->data + i * g->dz2->tda;
      for (k = 0; k < C; k++)
        g->db2->data[k * g->db2->stride] += d[k];
    }

  /* --- dp1 = dz2 W2^T --- */
  for (i = 0; i < N; i++)
    {
      const double *d = g->dz2->data + i * g->dz2->tda;
      double *out = g->dp1->data + i * g->dp1->tda;
      for (j = 0; j < H; j++)
        {
          const double *w = net->W2->data + j * net->W2->tda;
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += d[k] * w[k];
          out[j] = s;
        }
    }

  /* --- dz1 = dp1 * (z1 > 0) --- */
  for (i = 0; i < N; i++)
    {
      const double *z = cache->z1->data + i * cache->z1->tda;
      const double *dp = g->dp1->data + i * g->dp1->tda;
      double *dz = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        dz[j] = (z[j] > 0.0) ? dp[j] : 0.0;
    }

  /* --- dW1 = X^T dz1 + 2 reg W1 --- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 2 * reg, g->dW1);

  /* --- db1 = column sums of dz1 --- */
  for (j = 0; j < H; j++)
    g->db1->data[j * g->db1->stride] = 0.0;
  for (i = 0; i < N; i++)
    {
      const double *dz = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] += dz[j];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
