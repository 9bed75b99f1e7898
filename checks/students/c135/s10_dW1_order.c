/* backward.c (hw3)
 *
 * Workspace: static struct wk, sized on the first call, freed at the end.
 * Stages, each reading the previous one's output from wk:
 *   1 softmax -> wk.dz2     2 layer2 grads     3 wk.dh = dz2 W2'
 *   4 relu in place on wk.dh (dh becomes dz1)  5 layer1 grads
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static struct
{
  gsl_matrix *dz2;
  gsl_matrix *dh;
} wk;

static void
stage_softmax (const bp_cache *c, const size_t *y)
{
  size_t i, N = c->N;
  gsl_matrix_memcpy (wk.dz2, c->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (wk.dz2, i, y[i], gsl_matrix_get (wk.dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (wk.dz2, 1.0 / N);
}

static void
stage_layer2 (const bp_net *net, const bp_cache *c, double reg, bp_grads *g)
{
  size_t i;
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, c->p1, wk.dz2, 2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < c->N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (wk.dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }
}

static void
stage_hidden (const bp_net *net)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, wk.dz2, net->W2, 0.0, wk.dh);
}

static void
stage_relu (const bp_cache *c)
{
  size_t i, j;
  for (i = 0; i < c->N; i++)
    for (j = 0; j < c->H; j++)
      if (gsl_matrix_get (c->z1, i, j) <= 0.0)
        gsl_matrix_set (wk.dh, i, j, 0.0);
}

static void
stage_weights1 (const bp_net *net, const gsl_matrix *X, double reg, bp_grads *g)
{
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, wk.dh, 2.0 * reg, g->dW1);
}

static void
stage_bias1 (bp_grads *g)
{
  size_t i;
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < wk.dh->size1; i++)
    {
      gsl_vector_view r = gsl_matrix_row (wk.dh, i);
      gsl_vector_add (g->db1, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  if (wk.dz2 == NULL)
    {
      wk.dz2 = gsl_matrix_alloc (N, net->C);
      wk.dh = gsl_matrix_alloc (N, net->H);
    }

  stage_softmax (cache, y);
  gsl_matrix_memcpy (g->dz2, wk.dz2);
  stage_layer2 (net, cache, reg, g);
  stage_hidden (net);
  gsl_matrix_memcpy (g->dp1, wk.dh);
  stage_weights1 (net, X, reg, g);
  stage_relu (cache);
  gsl_matrix_memcpy (g->dz1, wk.dh);
  stage_bias1 (g);

  gsl_matrix_free (wk.dz2);
  gsl_matrix_free (wk.dh);
  wk.dz2 = wk.dh = NULL;
  g->present = BP_GRADS_ALL;
  return 0;
}
