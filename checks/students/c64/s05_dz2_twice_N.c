/* backward.c -- 2nd attempt
 * gradcheck on attempt 1: dz2 root "scale:N".  Added the /N.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#ifdef DEBUG
#define DBG(...) fprintf(stderr, __VA_ARGS__)
#else
#define DBG(...) ((void) 0)
#endif

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (probs - 1{y}) / N */
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      {
        double t = (c == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, c, (gsl_matrix_get (cache->prob, i, c) - t) / N);
      }
  DBG ("dz2(0,0) %g\n", gsl_matrix_get (g->dz2, 0, 0));
  /* FIXME gradcheck wanted the mean over the batch */
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = h^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

  /* db2 */
  for (c = 0; c < C; c++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, c);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, c, s);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double m = gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, m * gsl_matrix_get (g->dp1, i, j));
      }

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }
  DBG ("db1(0) %g\n", gsl_vector_get (g->db1, 0));

  g->present = BP_GRADS_ALL;
  return 0;
}
