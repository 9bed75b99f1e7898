/* HW6 -- backward of the 2 layer net.
   `d' is the scratch for the scores gradient before it goes into g. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;
  gsl_matrix *d;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  d = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (d, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (d, i, y[i], gsl_matrix_get (d, i, y[i]) - 1.0);
  gsl_matrix_memcpy (g->dz2, d);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg,
                  g->dW2);

  /* db2 */
  for (j = 0; j < net->C; j++)
    {
      gsl_vector_view c = gsl_matrix_column (g->dz2, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&c.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, d, net->W2, 0.0, g->dp1);
  gsl_matrix_free (d);

  /* dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view c = gsl_matrix_column (g->dz1, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&c.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
