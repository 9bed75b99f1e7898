/*
 * backward.c -- two-layer net, backward pass.
 *
 * Notes to self:
 *  - a ReLU unit that was off (output 0) passes no gradient back
 *    (forum: "dead neurons have zero gradient"), so I skip them early.
 *  - rows of z1/p1/dp1/dz1 all have H entries; MAXH is the most I need.
 */
#include "backprop.h"

#define MAXH 128

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
nn_weight_grad (const gsl_matrix *in, const gsl_matrix *dout,
                const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t a = 0, b, n;
  while (a < W->size1)
    {
      for (b = 0; b < W->size2; b++)
        {
          double s = 2.0 * reg * gsl_matrix_get (W, a, b);
          for (n = 0; n < in->size1; n++)
            s += gsl_matrix_get (in, n, a) * gsl_matrix_get (dout, n, b);
          gsl_matrix_set (dW, a, b, s);
        }
      a++;
    }
}

static void
nn_bias_grad (const gsl_matrix *dout, gsl_vector *db)
{
  size_t b, n;
  for (b = 0; b < dout->size2; b++)
    {
      double s = 0.0;
      for (n = 0; n < dout->size1; n++)
        s += gsl_matrix_get (dout, n, b);
      gsl_vector_set (db, b, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;
  double rowbuf[MAXH];

  if (H > MAXH || N != cache->N)
    return 1;

  /* output layer */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c,
                      (gsl_matrix_get (cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) / (double) N);
  nn_weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  nn_bias_grad (g->dz2, g->db2);

  /* hidden layer, one sample at a time */
  n = 0;
  while (n < N)
    {
      h = 0;
      while (h < H)
        {
          double s = 0.0;
          for (c = 0; c < C; c++)
            s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
          rowbuf[h] = (gsl_matrix_get (cache->p1, n, h) > 0.0) ? s : 0.0;
          h++;
        }
      for (h = 0; h < H; h++)
        {
          gsl_matrix_set (g->dp1, n, h, rowbuf[h]);
          gsl_matrix_set (g->dz1, n, h,
                          gsl_matrix_get (cache->z1, n, h) > 0.0 ? rowbuf[h] : 0.0);
        }
      n++;
    }

  nn_weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  nn_bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
