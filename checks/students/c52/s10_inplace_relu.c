/* backward.c -- Intro to Neural Networks, assignment 2
   Daniel Costa

   I try to avoid copies: the relu backward works in place on the
   gradient it is given, and dz1 is then just a copy of the result.  */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz = (prob - onehot(y)) / N */
static void
softmax_ce_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  size_t N = prob->size1, C = prob->size2, i, k;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      dz->data[i * dz->tda + k]
        = (prob->data[i * prob->tda + k] - (k == y[i] ? 1.0 : 0.0)) / (double) N;
}

/* d = d .* [z > 0], in place */
static void
relu_backward_inplace (gsl_matrix *d, const gsl_matrix *z)
{
  size_t i, j;

  for (i = 0; i < d->size1; i++)
    for (j = 0; j < d->size2; j++)
      if (z->data[i * z->tda + j] <= 0.0)
        d->data[i * d->tda + j] = 0.0;
}

/* dW = in' dout + 2 reg W,  db = colsum dout,  din = dout W' (din may be NULL) */
static void
dense_backward (const gsl_matrix *in, const gsl_matrix *W,
                const gsl_matrix *dout, double reg,
                gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
  size_t n, j;

  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);

  for (j = 0; j < dout->size2; j++)
    {
      double s = 0.0;
      for (n = 0; n < dout->size1; n++)
        s += dout->data[n * dout->tda + j];
      db->data[j * db->stride] = s;
    }

  if (din != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_ce_backward (cache->prob, y, g->dz2);
  dense_backward (cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);

  relu_backward_inplace (g->dp1, cache->z1);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  dense_backward (X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
