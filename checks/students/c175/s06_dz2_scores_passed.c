/* backward.c -- two layer net, backward pass
 *
 * Plan: one static function per gradient, BLAS for the matrix products,
 * everything written straight into g.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dL/dscores: subtract 1 at the correct class, average over the batch */
static void
dscores (const gsl_matrix *probs, const size_t *y, size_t N, gsl_matrix *dz2)
{
  size_t i;

  gsl_matrix_memcpy (dz2, probs);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dz2, i, y[i], gsl_matrix_get (dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (dz2, 1.0 / (double) N);
}

static void
dweights2 (const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
           double reg, gsl_matrix *dW2)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 0.0, dW2);
  gsl_matrix_scale (dW2, 1.0);  /* TODO remove */
  {
    size_t i, j;
    for (i = 0; i < dW2->size1; i++)
      for (j = 0; j < dW2->size2; j++)
        gsl_matrix_set (dW2, i, j, gsl_matrix_get (dW2, i, j)
                        + 2.0 * reg * gsl_matrix_get (W2, i, j));
  }
}

static void
dbias (const gsl_matrix *dz, gsl_vector *db)
{
  size_t i, j;

  gsl_vector_set_zero (db);
  for (i = 0; i < dz->size1; i++)
    for (j = 0; j < dz->size2; j++)
      gsl_vector_set (db, j, gsl_vector_get (db, j) + gsl_matrix_get (dz, i, j));
}

static void
dhidden (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
drelu (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, j;

  for (i = 0; i < dp1->size1; i++)
    for (j = 0; j < dp1->size2; j++)
      {
        double v = gsl_matrix_get (dp1, i, j);
        if (gsl_matrix_get (z1, i, j) <= 0.0)
          v = 0.0;
        gsl_matrix_set (dz1, i, j, v);
      }
}

static void
dweights1 (const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
           double reg, gsl_matrix *dW1)
{
  gsl_matrix_memcpy (dW1, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dscores (cache->z2, y, N, g->dz2);
  dweights2 (cache->p1, g->dz2, net->W2, reg, g->dW2);
  dbias (g->dz2, g->db2);
  dhidden (g->dz2, net->W2, g->dp1);
  drelu (g->dp1, cache->z1, g->dz1);
  dweights1 (X, g->dz1, net->W1, reg, g->dW1);
  dbias (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
