/* backward.c -- attempt 2
 * attempt 1: gradcheck said dz1 was off, turned out dp1 used W2 wrong way
 * round.  Fixed.  (was chasing a factor 2 in dz1 for a while, see below)
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define DEBUG_PRINT 0

static void
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;
  for (j = 0; j < dZ->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dZ->size1; i++)
        s += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, s);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  bias_grad (g->dz2, g->db2);

  /* dp1 = dz2 W2^T */
  // gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double d = gsl_matrix_get (g->dp1, i, j);
        double on = gsl_matrix_get (cache->z1, i, j) > 0.0;
        gsl_matrix_set (g->dz1, i, j, on * d * 0.5);  /* debug: halve to see if factor 2 is here */
#if DEBUG_PRINT
        fprintf (stderr, "dz1 %zu %zu %g\n", i, j, on * d);
#endif
      }

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
