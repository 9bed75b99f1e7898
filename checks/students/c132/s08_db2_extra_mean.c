/* backward.c  --  HW 4, backprop
 *
 * Student: J. Okafor
 *
 * Note to self: the 1/N comes from the average in the loss.  It is
 * already inside dZ2 so the other gradients do not need it again.
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
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double s;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dZ2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = A1' dZ2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* db2 = average of dZ2 over the rows */
  for (j = 0; j < C; j++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s = s + gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s / N);
    }

  /* dA1 = dZ2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dZ1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) <= 0)
          gsl_matrix_set (g->dz1, i, j, 0);
        else
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      }

  /* dW1 = X' dZ1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s = s + gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
