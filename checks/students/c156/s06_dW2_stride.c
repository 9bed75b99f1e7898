/* backward.c -- two-layer net, backward pass (hw 3).
   Loops over the flat arrays; dgemm only for the two big products. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t k, n;
  const double *P = cache->p1->data;
  double *dscores = g->dz2->data;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
  for (k = 0; k < N * C; k++)
    dscores[k] = cache->prob->data[k];
  for (n = 0; n < N; n++)
    dscores[n * C + y[n]] -= 1.0;
  for (k = 0; k < N * C; k++)
    dscores[k] /= (double) N;

  /* dW2[h, c] = sum over samples of hidden[n, h] * dscores[n, c] */
  for (k = 0; k < H * C; k++)
    {
      size_t h = k / C, c = k % C;
      double sum = 0.0;
      for (n = 0; n < N; n++)
        sum += P[n * C + h] * dscores[n * C + c];
      g->dW2->data[k] = sum + 2.0 * reg * net->W2->data[k];
    }

  /* db2 */
  for (k = 0; k < C; k++)
    g->db2->data[k] = 0.0;
  for (k = 0; k < N * C; k++)
    g->db2->data[k % C] += dscores[k];

  /* dhidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* relu */
  for (k = 0; k < N * H; k++)
    g->dz1->data[k] = (cache->z1->data[k] > 0.0) ? g->dp1->data[k] : 0.0;

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1 */
  for (k = 0; k < H; k++)
    g->db1->data[k] = 0.0;
  for (k = 0; k < N * H; k++)
    g->db1->data[k % H] += g->dz1->data[k];

  g->present = BP_GRADS_ALL;
  return 0;
}
