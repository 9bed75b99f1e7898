/* backward.c -- assignment 3, backward pass of the two-layer net.
 * The stages below share one scratch struct; it is sized on the first call
 * and freed again before backward() returns. */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* temporaries shared by the stages */
static struct scratch {
  gsl_matrix *dscores;   /* N x C */
  gsl_matrix *dhidden;   /* N x H */
} ws;

static int ws_setup (size_t N, size_t H, size_t C)
{
  if (ws.dscores == NULL)
    ws.dscores = gsl_matrix_alloc (N, C);
  if (ws.dhidden == NULL)
    ws.dhidden = gsl_matrix_alloc (N, H);
  return ws.dscores == NULL || ws.dhidden == NULL;
}

static void ws_release (void)
{
  gsl_matrix_free (ws.dscores);
  gsl_matrix_free (ws.dhidden);
  ws.dscores = NULL;
  ws.dhidden = NULL;
}

/* stage 1: dL/dscores = (softmax - onehot) / N */
static void stage_scores (const bp_cache *cache, const size_t *y, size_t N)
{
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < cache->C; k++) {
      double v = gsl_matrix_get (cache->prob, i, k);
      if (k == y[i])
        v -= 1.0;
      gsl_matrix_set (ws.dscores, i, k, v / (double) N);
    }
}

/* stage 2: second layer weights and bias */
static void stage_layer2 (const bp_net *net, const bp_cache *cache,
                          double reg, bp_grads *g)
{
  size_t N = cache->N, H = net->H, C = net->C;
  for (size_t j = 0; j < H; j++)
    for (size_t k = 0; k < C; k++) {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (ws.dscores, i, k);
      gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
    }
  for (size_t k = 0; k < C; k++) {
    double s = 0.0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get (ws.dscores, i, k);
    gsl_vector_set (g->db2, k, s);
  }
}

/* stage 3: back into the hidden layer, dhidden = dscores W2^T */
static void stage_hidden (const bp_net *net, size_t N)
{
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++) {
      double s = 0.0;
      for (size_t k = 0; k < net->C; k++)
        s += gsl_matrix_get (ws.dscores, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (ws.dhidden, i, j, s);
    }
}

/* stage 5: first layer */
static void stage_layer1 (const bp_net *net, const gsl_matrix *X,
                          const bp_grads *g, double reg)
{
  size_t N = X->size1;
  for (size_t d = 0; d < net->D; d++)
    for (size_t j = 0; j < net->H; j++) {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (X, i, d) * gsl_matrix_get (ws.dhidden, i, j);
      gsl_matrix_set (g->dW1, d, j, s + 2.0 * reg * gsl_matrix_get (net->W1, d, j));
    }
  for (size_t j = 0; j < net->H; j++) {
    double s = 0.0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get (ws.dhidden, i, j);
    gsl_vector_set (g->db1, j, s);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  if (ws_setup (N, net->H, net->C))
    return 1;

  stage_scores (cache, y, N);
  gsl_matrix_memcpy (g->dz2, ws.dscores);
  stage_layer2 (net, cache, reg, g);
  stage_hidden (net, N);
  gsl_matrix_memcpy (g->dp1, ws.dhidden);

  /* stage 4: relu, in place on the scratch copy */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (ws.dhidden, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, ws.dhidden);

  stage_layer1 (net, X, g, reg);

  ws_release ();
  g->present = BP_GRADS_ALL;
  return 0;
}
