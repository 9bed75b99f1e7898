/* backward.c -- ECE 5xx project 1, part B
 * (c) 2024 Sam Whitfield
 *
 * Structure: loss -> fc2 -> relu -> fc1, each with a *_backward.
 * BLAS calls go straight to cblas (row-major, ld = tda).
 */

#include <gsl/gsl_cblas.h>
#include "backprop.h"

/* fc layer backward.  out = in*W + b,  in (n,k) W (k,m) dout (n,m)
 *   din = dout W^T
 *   dW  = in^T dout + 2 reg W
 *   db  = 1^T dout
 */
static void
fc_backward (const gsl_matrix *dout, const gsl_matrix *in, const gsl_matrix *W,
             double reg, gsl_matrix *din, gsl_matrix *dW, gsl_vector *db)
{
  const int n = (int) dout->size1, m = (int) dout->size2, k = (int) in->size2;
  size_t i, j;

  /* dW <- 2 reg W */
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, 2.0 * reg * gsl_matrix_get (W, i, j));
  /* dW += in^T dout */
  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, k, m, n,
               1.0, in->data, (int) in->tda, dout->data, (int) dout->tda,
               1.0, dW->data, (int) dW->tda);

  for (j = 0; j < (size_t) m; j++)
    {
      double acc = 0.0;
      for (i = 0; i < (size_t) n; i++)
        acc += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, acc);
    }

  if (din != NULL)
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, k, m,
                 1.0, dout->data, (int) dout->tda, W->data, (int) W->tda,
                 0.0, din->data, (int) din->tda);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *pre, gsl_matrix *din)
{
  size_t i, j;
  for (i = 0; i < pre->size1; i++)
    for (j = 0; j < pre->size2; j++)
      gsl_matrix_set (din, i, j, gsl_matrix_get (pre, i, j) > 0.0
                                 ? gsl_matrix_get (dout, i, j) : 0.0);
}

static void
softmax_ce_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dscores)
{
  size_t i, j, N = prob->size1;
  for (i = 0; i < N; i++)
    for (j = 0; j < prob->size2; j++)
      gsl_matrix_set (dscores, i, j,
                      (gsl_matrix_get (prob, i, j) - (j == y[i])) / (double) N);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *hidden = cache->z1;      /* hidden layer (N, H) */

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_ce_backward (cache->prob, y, g->dz2);

  fc_backward (g->dz2, hidden, net->W2, reg, g->dp1, g->dW2, g->db2);

  relu_backward (g->dp1, cache->z1, g->dz1);

  fc_backward (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
