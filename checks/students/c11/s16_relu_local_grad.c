/* backward.c
 * COMP 5xx - HW 3 - backpropagation
 * Noor Al-Hassan
 *
 * Written so it mirrors the lecture slides: every gate has a backprop_*
 * function that multiplies the upstream gradient by the gate's local
 * gradient.  As with the sigmoid (local grad a*(1-a)), the local gradient
 * of the activation is written with the cached OUTPUT a = p1.
 */

#include "backprop.h"

/* scores -> loss.  local gradient: (softmax - onehot) / N */
static void
backprop_softmax (const gsl_matrix *prob, const size_t *y, gsl_matrix *dscore)
{
  size_t n, c;
  const size_t N = prob->size1;

  for (n = 0; n < N; n++)
    for (c = 0; c < prob->size2; c++)
      gsl_matrix_set (dscore, n, c, gsl_matrix_get (prob, n, c));
  for (n = 0; n < N; n++)
    gsl_matrix_set (dscore, n, y[n], gsl_matrix_get (dscore, n, y[n]) - 1.0);
  for (n = 0; n < N; n++)
    for (c = 0; c < prob->size2; c++)
      gsl_matrix_set (dscore, n, c, gsl_matrix_get (dscore, n, c) / N);
}

/* relu gate, upstream dout, cached output a */
static void
backprop_relu (const gsl_matrix *dout, const gsl_matrix *a, gsl_matrix *din)
{
  size_t n, h;
  for (n = 0; n < a->size1; n++)
    for (h = 0; h < a->size2; h++)
      {
        double local = gsl_matrix_get (a, n, h);     /* relu'(z) via output */
        gsl_matrix_set (din, n, h, gsl_matrix_get (dout, n, h) * local);
      }
}

/* dense gate out = in W + b:
 *   din = dout W^T,  dW = in^T dout + 2 reg W,  db = sum_n dout[n] */
static void
backprop_dense (const gsl_matrix *dout, const gsl_matrix *in,
                const gsl_matrix *W, double reg,
                gsl_matrix *din, gsl_matrix *dW, gsl_vector *db)
{
  size_t n, i, j;
  const size_t N = dout->size1, K = in->size2, M = dout->size2;

  for (i = 0; i < K; i++)
    for (j = 0; j < M; j++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (in, n, i) * gsl_matrix_get (dout, n, j);
        gsl_matrix_set (dW, i, j, s + 2.0 * reg * gsl_matrix_get (W, i, j));
      }

  for (j = 0; j < M; j++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (dout, n, j);
      gsl_vector_set (db, j, s);
    }

  if (din == NULL)
    return;
  for (n = 0; n < N; n++)
    for (i = 0; i < K; i++)
      {
        double s = 0.0;
        for (j = 0; j < M; j++)
          s += gsl_matrix_get (dout, n, j) * gsl_matrix_get (W, i, j);
        gsl_matrix_set (din, n, i, s);
      }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  backprop_softmax (cache->prob, y, g->dz2);
  backprop_dense (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);
  backprop_relu (g->dp1, cache->p1, g->dz1);
  backprop_dense (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
