/*
 * CSC 4xx  --  PA2  --  backward pass for the 2-layer MLP
 * author: j.okafor
 *
 * No BLAS in this one, plain loops, so I can see every index.
 * layers (forward order):  dense(W1,b1) -> relu -> dense(W2,b2) -> xent
 * backward order is the reverse, one helper per layer.
 */

#include "backprop.h"

/* ---- cross entropy on softmax ---- */
static void
xent_bwd (const gsl_matrix *prob, const size_t *labels, gsl_matrix *dS)
{
  const size_t n = prob->size1, c = prob->size2;
  const double inv_n = 1.0 / (double) n;
  size_t r, k;

  for (r = 0; r < n; r++)
    for (k = 0; k < c; k++)
      {
        double t = (labels[r] == k) ? 1.0 : 0.0;
        gsl_matrix_set (dS, r, k, inv_n * (gsl_matrix_get (prob, r, k) - t));
      }
}

/* ---- relu ----
 * relu(z) > 0 exactly when z > 0, so the mask can be taken from the
 * activation we cached (act = relu(z)) just as well as from z. */
static void
relu_bwd (const gsl_matrix *dA, const gsl_matrix *act, gsl_matrix *dZ)
{
  size_t r, k;
  for (r = 0; r < dA->size1; r++)
    for (k = 0; k < dA->size2; k++)
      gsl_matrix_set (dZ, r, k,
                      gsl_matrix_get (act, r, k) > 0.0
                        ? gsl_matrix_get (dA, r, k)
                        : 0.0);
}

/* ---- dense:  out = in * W + b ----
 * dW starts as the L2 term 2*reg*W and then collects in^T * dOut;
 * order does not matter, it is a sum. */
static void
dense_bwd (const gsl_matrix *dOut, const gsl_matrix *in, const gsl_matrix *W,
           double reg, gsl_matrix *dIn, gsl_matrix *dW, gsl_vector *db)
{
  const size_t n = dOut->size1, m = dOut->size2, kdim = in->size2;
  size_t r, k, i;

  /* weights */
  for (k = 0; k < kdim; k++)
    for (i = 0; i < m; i++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (W, k, i);
        for (r = 0; r < n; r++)
          acc += gsl_matrix_get (in, r, k) * gsl_matrix_get (dOut, r, i);
        gsl_matrix_set (dW, k, i, acc);
      }

  /* bias */
  for (i = 0; i < m; i++)
    {
      double acc = 0.0;
      for (r = 0; r < n; r++)
        acc += gsl_matrix_get (dOut, r, i);
      gsl_vector_set (db, i, acc);
    }

  /* input */
  if (dIn)
    for (r = 0; r < n; r++)
      for (k = 0; k < kdim; k++)
        {
          double acc = 0.0;
          for (i = 0; i < m; i++)
            acc += gsl_matrix_get (dOut, r, i) * gsl_matrix_get (W, k, i);
          gsl_matrix_set (dIn, r, k, acc);
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

  xent_bwd (cache->prob, y, g->dz2);
  dense_bwd (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);
  relu_bwd (g->dp1, cache->p1, g->dz1);          /* mask from p1, see above */
  dense_bwd (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
