/* backward.c -- Report 3
 * Tanaka Sota (2251052)
 *
 * Backward pass of z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2,
 * L = mean cross-entropy + reg (|W1|^2 + |W2|^2).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. dz2: derivative of softmax + cross-entropy is prob - onehot(y) */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          double gosa = gsl_matrix_get (cache->prob, i, k);
          if (k == y[i])
            gosa = gosa - 1.0;
          gsl_matrix_set (g->dz2, i, k, gosa);
        }
    }

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2 */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* 4. dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, s);
        }
    }

  /* 5. dz1 = dp1 * relu'(z1) */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          double d = 0.0;
          if (gsl_matrix_get (cache->z1, i, j) > 0)
            d = gsl_matrix_get (g->dp1, i, j);
          gsl_matrix_set (g->dz1, i, j, d);
        }
    }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    {
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (i = 0; i < N; i++)
            s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
          gsl_matrix_set (g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
        }
    }

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
