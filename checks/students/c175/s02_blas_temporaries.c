/* backward.c -- two-layer net, backward pass with BLAS.
 *
 * Every gradient has its own function.  I compute them into my own
 * matrices first and copy into g at the end, so that nothing in g is
 * half written if an allocation fails. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dscores = (probs - 1{y}) / N */
static void
d_scores (const gsl_matrix *probs, const size_t *y, gsl_matrix *dscores)
{
  size_t i, n = probs->size1;

  gsl_matrix_memcpy (dscores, probs);
  for (i = 0; i < n; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / n);
}

/* dW2 = hidden' dscores + 2 reg W2 */
static void
d_W2 (const gsl_matrix *hidden, const gsl_matrix *dscores,
      const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
  gsl_matrix_memcpy (dW2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, hidden, dscores,
                  2.0 * reg, dW2);
}

/* db2 = dscores' * ones */
static void
d_b2 (const gsl_matrix *dscores, const gsl_vector *ones, gsl_vector *db2)
{
  gsl_blas_dgemv (CblasTrans, 1.0, dscores, ones, 0.0, db2);
}

/* dhidden = dscores W2' */
static void
d_hidden (const gsl_matrix *dscores, const gsl_matrix *W2, gsl_matrix *dhidden)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, W2, 0.0, dhidden);
}

/* through the relu */
static void
d_pre (const gsl_matrix *dhidden, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, j;

  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      gsl_matrix_set (dz1, i, j, gsl_matrix_get (z1, i, j) > 0
                      ? gsl_matrix_get (dhidden, i, j) : 0.0);
}

/* dW1 = X' dz1 + 2 reg W1 */
static void
d_W1 (const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
      double reg, gsl_matrix *dW1)
{
  gsl_matrix_memcpy (dW1, W1);
  gsl_matrix_scale (dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 1.0, dW1);
}

static void
d_b1 (const gsl_matrix *dz1, const gsl_vector *ones, gsl_vector *db1)
{
  gsl_blas_dgemv (CblasTrans, 1.0, dz1, ones, 0.0, db1);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *dscores, *dW2, *dhidden, *dz1, *dW1;
  gsl_vector *db2, *db1, *ones;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  dscores = gsl_matrix_alloc (N, C);
  dW2 = gsl_matrix_alloc (H, C);
  db2 = gsl_vector_alloc (C);
  dhidden = gsl_matrix_alloc (N, H);
  dz1 = gsl_matrix_alloc (N, H);
  dW1 = gsl_matrix_alloc (D, H);
  db1 = gsl_vector_alloc (H);
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  d_scores (cache->prob, y, dscores);
  d_W2 (cache->p1, dscores, net->W2, reg, dW2);
  d_b2 (dscores, ones, db2);
  d_hidden (dscores, net->W2, dhidden);
  d_pre (dhidden, cache->z1, dz1);
  d_W1 (X, dz1, net->W1, reg, dW1);
  d_b1 (dz1, ones, db1);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dW2, dW2);
  gsl_vector_memcpy (g->db2, db2);
  gsl_matrix_memcpy (g->dp1, dhidden);
  gsl_matrix_memcpy (g->dz1, dz1);
  gsl_matrix_memcpy (g->dW1, dW1);
  gsl_vector_memcpy (g->db1, db1);

  gsl_matrix_free (dscores);
  gsl_matrix_free (dW2);
  gsl_vector_free (db2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (dz1);
  gsl_matrix_free (dW1);
  gsl_vector_free (db1);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
