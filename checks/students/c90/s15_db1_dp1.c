/* backward.c
 *
 *   i sample, h hidden unit, k class, d input dimension
 *
 *   z1[i][h] = sum_d X[i][d] W1[d][h] + b1[h]
 *   p1[i][h] = relu(z1[i][h])
 *   z2[i][k] = sum_h p1[i][h] W2[h][k] + b2[k]
 *
 * b1 and b2 enter the same way, added to every row, so their gradients are
 * column sums of the gradient of the layer they feed:
 *   db2[k] = sum_i dz2[i][k]
 *   db1[h] = sum_i dp1[i][h]
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
  size_t i, h, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2[i][k] = (P[i][k] - delta(k,y_i)) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0);
        gsl_matrix_set (g->dz2, i, k, v / N);
      }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1[i][h] = sum_k dz2[i][k] W2[h][k] */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1[i][h] = dp1[i][h] [z1[i][h] > 0] */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      if (gsl_matrix_get (cache->z1, i, h) > 0.0)
        gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (g->dp1, i, h));
      else
        gsl_matrix_set (g->dz1, i, h, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dp1, i, h);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
