/* backward.c  Report 3
 * Yoshida Kanon, 2251071
 *
 * Gradients of the two-layer net.  wa (= sum) is the running sum I use for
 * every matrix product and column sum below.
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
  double wa;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        wa = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          wa -= 1.0;
        gsl_matrix_set (g->dz2, i, k, wa / N);
      }

  /* dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        wa = 0.0;
        for (i = 0; i < N; i++)
          wa += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, wa + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* db2 = sum over samples of dz2 */
  for (k = 0; k < C; k++)
    {
      wa = 0.0;
      for (i = 0; i < N; i++)
        wa += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, wa);
    }

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          wa = gsl_matrix_get (g->dp1, i, j);
        else
          wa = 0.0;
        gsl_matrix_set (g->dz1, i, j, wa);
      }

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = sum over samples of dz1 */
  wa = 0.0;
  for (j = 0; j < H; j++)
    {
      for (i = 0; i < N; i++)
        wa += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, wa);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
