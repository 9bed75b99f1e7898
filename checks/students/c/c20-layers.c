/* gradients.c -- backward pass split into layer helpers, like the
 * affine/relu/softmax modules of the assignment. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = (prob - onehot) / N */
static void
softmax_back (const gsl_matrix *prob, const size_t *lab, gsl_matrix *out)
{
  size_t nn = prob->size1, kk = prob->size2;
  for (size_t r = 0; r < nn; r++)
    for (size_t q = 0; q < kk; q++)
      gsl_matrix_set (out, r, q,
                      (gsl_matrix_get (prob, r, q) - (q == lab[r] ? 1.0 : 0.0))
                      / (double) nn);
}

/* Given upstream dout (nn, mm), input inp (nn, kk), weights w (kk, mm):
 * dw = inp' dout, db = colsum(dout), dinp = dout w' (dinp may be NULL). */
static void
affine_back (const gsl_matrix *dout, const gsl_matrix *inp,
             const gsl_matrix *w, gsl_matrix *dinp, gsl_matrix *dw,
             gsl_vector *db)
{
  size_t nn = dout->size1, mm = dout->size2, kk = inp->size2;
  size_t ii, jj, qq;

  for (ii = 0; ii < kk; ii++)
    for (jj = 0; jj < mm; jj++)
      {
        double t = 0;
        for (qq = 0; qq < nn; qq++)
          t += gsl_matrix_get (inp, qq, ii) * gsl_matrix_get (dout, qq, jj);
        gsl_matrix_set (dw, ii, jj, t);
      }
  for (jj = 0; jj < mm; jj++)
    {
      double t = 0;
      for (qq = 0; qq < nn; qq++)
        t += gsl_matrix_get (dout, qq, jj);
      gsl_vector_set (db, jj, t);
    }
  if (dinp == NULL)
    return;
  for (qq = 0; qq < nn; qq++)
    for (ii = 0; ii < kk; ii++)
      {
        double t = 0;
        for (jj = 0; jj < mm; jj++)
          t += gsl_matrix_get (dout, qq, jj) * gsl_matrix_get (w, ii, jj);
        gsl_matrix_set (dinp, qq, ii, t);
      }
}

static void
relu_back (const gsl_matrix *dout, const gsl_matrix *pre, gsl_matrix *din)
{
  for (size_t r = 0; r < dout->size1; r++)
    for (size_t q = 0; q < dout->size2; q++)
      gsl_matrix_set (din, r, q, gsl_matrix_get (pre, r, q) > 0
                      ? gsl_matrix_get (dout, r, q) : 0.0);
}

/* dw += 2 reg w */
static void
l2_back (const gsl_matrix *w, double reg, gsl_matrix *dw)
{
  for (size_t r = 0; r < w->size1; r++)
    for (size_t q = 0; q < w->size2; q++)
      *gsl_matrix_ptr (dw, r, q) += 2.0 * reg * gsl_matrix_get (w, r, q);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_back (cache->prob, y, g->dz2);
  affine_back (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);
  l2_back (net->W2, reg, g->dW2);
  relu_back (g->dp1, cache->z1, g->dz1);
  affine_back (g->dz1, X, net->W1, NULL, g->dW1, g->db1);
  l2_back (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
