/* NN assignment -- backward pass
 * K. Harish (19BCE1187)
 *
 * I used BLAS for the big products and plain loops for the rest.
 * Raw pointer access for the bias gradients (vector data with stride).
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
  double *db1 = g->db1->data, *db2 = g->db2->data;
  size_t s1 = g->db1->stride, s2 = g->db2->stride;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (probs - onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double t = gsl_matrix_get (cache->prob, i, j);
        if (y[i] == j)
          t -= 1.0;
        gsl_matrix_set (g->dz2, i, j, t / N);
      }

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

  /* db2 = sum over samples of dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      db2[j * s2] += gsl_matrix_get (g->dz2, i, j);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    db1[j * s1] = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      db1[j * s1] += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
