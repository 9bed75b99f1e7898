/*
 * Intro to Neural Networks -- Lab 4, the backward pass
 * Student: Marta Kowalczyk, group B
 *
 * As asked in the lab sheet: one backward function per layer, and
 * backward() only wires them together.  The two dense layers are
 * described by a small layer_t, and backward() walks them from the last
 * to the first.
 */

#include "backprop.h"

typedef struct
{
  const gsl_matrix *in;         /* what the layer saw in the forward pass (N x K) */
  const gsl_matrix *W;          /* K x M */
  gsl_matrix *dW;               /* K x M */
  gsl_vector *db;               /* M */
  gsl_matrix *dout;             /* N x M, dL/d(output) */
  gsl_matrix *din;              /* N x K, dL/d(input), NULL if nobody needs it */
} layer_t;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz = (prob - onehot(y)) / N */
static void
softmax_ce_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  size_t N = prob->size1, C = prob->size2, i, k;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double t = (k == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (dz, i, k, (gsl_matrix_get (prob, i, k) - t) / (double) N);
      }
}

/* dW = in' dout + 2 reg W,  db = column sums of dout,  din = dout W' */
static void
dense_backward (const gsl_matrix *in, const gsl_matrix *W,
                const gsl_matrix *dout, double reg,
                gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
  size_t N = in->size1, K = in->size2, M = dout->size2;
  size_t n, a, b;
  double s;

  for (a = 0; a < K; a++)
    for (b = 0; b < M; b++)
      {
        s = 0.0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (in, n, a) * gsl_matrix_get (dout, n, b);
        gsl_matrix_set (dW, a, b, s + 2.0 * reg * gsl_matrix_get (W, a, b));
      }

  for (b = 0; b < M; b++)
    {
      s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (dout, n, b);
      gsl_vector_set (db, b, s);
    }

  if (din == NULL)
    return;

  for (n = 0; n < N; n++)
    for (a = 0; a < K; a++)
      {
        s = 0.0;
        for (b = 0; b < M; b++)
          s += gsl_matrix_get (dout, n, b) * gsl_matrix_get (W, a, b);
        gsl_matrix_set (din, n, a, s);
      }
}

/* din = dout where the unit was active.  I pass the relu's OUTPUT:
 * act = max(0, z) is > 0 exactly where z > 0, so it is the same mask. */
static void
relu_backward (const gsl_matrix *act, const gsl_matrix *dout, gsl_matrix *din)
{
  size_t i, j;

  for (i = 0; i < dout->size1; i++)
    for (j = 0; j < dout->size2; j++)
      gsl_matrix_set (din, i, j,
                      gsl_matrix_get (act, i, j) > 0.0
                      ? gsl_matrix_get (dout, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  layer_t L[2];
  int l;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  L[0].in = X;         L[0].W = net->W1;  L[0].dW = g->dW1;  L[0].db = g->db1;
  L[0].dout = g->dz1;  L[0].din = NULL;
  L[1].in = cache->p1; L[1].W = net->W2;  L[1].dW = g->dW2;  L[1].db = g->db2;
  L[1].dout = g->dz2;  L[1].din = g->dp1;

  softmax_ce_backward (cache->prob, y, g->dz2);

  for (l = 1; l >= 0; l--)
    {
      dense_backward (L[l].in, L[l].W, L[l].dout, reg,
                      L[l].dW, L[l].db, L[l].din);
      if (l == 1)               /* the relu sits between layer 0 and layer 1 */
        relu_backward (cache->p1, g->dp1, g->dz1);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
