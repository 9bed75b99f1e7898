/* backward.c -- two-layer net, backward pass (assignment 3)
 *
 * dW2 and dW1 are built in static accumulators (H x C and D x H) that
 * survive between calls; reallocated only if the net's size changes. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *dW2_acc = NULL;
static gsl_matrix *dW1_acc = NULL;

static gsl_matrix *
resize (gsl_matrix *m, size_t r, size_t c)
{
  if (m != NULL && m->size1 == r && m->size2 == c)
    return m;
  if (m != NULL)
    gsl_matrix_free (m);
  return gsl_matrix_calloc (r, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double sum;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  dW2_acc = resize (dW2_acc, H, C);
  dW1_acc = resize (dW1_acc, D, H);

  /* dscores */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N);

  /* dW2 = h^T dscores (+ reg below) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, dW2_acc);
  gsl_matrix_memcpy (g->dW2, dW2_acc);
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                      + 2.0 * reg * gsl_matrix_get (net->W2, j, k));

  /* db2 */
  for (k = 0; k < C; k++)
    {
      sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }

  /* dh = dscores W2^T, then through the relu */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (dW1_acc, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, dW1_acc);
  gsl_matrix_memcpy (g->dW1, dW1_acc);

  for (j = 0; j < H; j++)
    {
      sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
