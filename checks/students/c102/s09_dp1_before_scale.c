/* HW3 -- backward
 * I keep dscores without the 1/N in a temporary and put the 1/N in each
 * gradient, like Prof. said the mean "goes into every gradient". */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  double invN;
  gsl_matrix *dscores;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  dscores = gsl_matrix_alloc (N, C);
  if (!dscores)
    return 1;
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);

  /* dW2 = h^T dscores / N + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, invN, cache->p1, dscores,
                  2.0 * reg, g->dW2);

  /* db2 = column sums / N */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dscores, i, j);
      gsl_vector_set (g->db2, j, s * invN);
    }

  /* dh = dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  /* save dscores for gradcheck (with the 1/N) */
  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_scale (g->dz2, invN);
  gsl_matrix_free (dscores);

  g->present = BP_GRADS_ALL;
  return 0;
}
