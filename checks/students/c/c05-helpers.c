/* backward pass -- with a helper for the two affine layers, because
 * dW = X^T dout / N shows up twice. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = in' dout / N + 2 reg W ; db = column sums of dout */
static void
param_grads (const gsl_matrix *in, const gsl_matrix *dout,
             const gsl_matrix *W, double reg, gsl_matrix *dW, gsl_vector *db)
{
  size_t N = in->size1;

  for (size_t a = 0; a < in->size2; a++)
    for (size_t b = 0; b < dout->size2; b++)
      {
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
          s += gsl_matrix_get (in, n, a) * gsl_matrix_get (dout, n, b);
        gsl_matrix_set (dW, a, b, s / N + 2.0 * reg * gsl_matrix_get (W, a, b));
      }
  for (size_t b = 0; b < dout->size2; b++)
    {
      double s = 0.0;
      for (size_t n = 0; n < N; n++)
        s += gsl_matrix_get (dout, n, b);
      gsl_vector_set (db, b, s);
    }
}

static void
scores_grad (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t N = prob->size1;

  gsl_matrix_memcpy (dz2, prob);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (dz2, n, y[n], gsl_matrix_get (dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (dz2, 1.0 / N);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  scores_grad (cache->prob, y, g->dz2);
  param_grads (cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);

  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, s);
        gsl_matrix_set (g->dz1, n, h,
                        gsl_matrix_get (cache->z1, n, h) > 0.0 ? s : 0.0);
      }

  param_grads (X, g->dz1, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
