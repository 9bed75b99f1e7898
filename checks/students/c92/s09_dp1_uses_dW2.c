/* lab 6 -- backward pass, short names so it reads like the notes */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  const gsl_matrix *z1 = cache->z1, *p1 = cache->p1, *prob = cache->prob;
  gsl_matrix *dz2 = g->dz2, *dW2 = g->dW2, *dp1 = g->dp1;
  gsl_matrix *dz1 = g->dz1, *dW1 = g->dW1;
  gsl_vector *db2 = g->db2, *db1 = g->db1;
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - Y) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (dz2, i, j,
                      (gsl_matrix_get (prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N);

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (dW2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, dW2);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz2, i, j);
      gsl_vector_set (db2, j, s);
    }

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, dW2, 0.0, dp1);

  /* dz1 = dp1 * (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (dz1, i, j,
                      gsl_matrix_get (z1, i, j) > 0 ? gsl_matrix_get (dp1, i, j) : 0);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (dW1, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz1, i, j);
      gsl_vector_set (db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
