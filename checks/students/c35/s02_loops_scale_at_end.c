/* backward.c
 * CS231 assignment 1 -- two layer net, backward pass
 *
 * Plan: do the whole thing WITHOUT the 1/N first (that way it matches my
 * hand calculation on paper with one sample), then divide every gradient
 * by N at the bottom, and only then add the regularization, which must
 * not be divided.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---------- output layer ---------- */

  /* scores gradient, unnormalized: probs - 1{c == y} */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double v = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          v = v - 1;
        gsl_matrix_set (g->dz2, n, c, v);
      }

  /* dW2 and db2: accumulate over samples (sample loop outside) */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        {
          double dsc = gsl_matrix_get (g->dz2, n, c);
          gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + dsc);
          for (h = 0; h < H; h++)
            gsl_matrix_set (g->dW2, h, c,
                            gsl_matrix_get (g->dW2, h, c)
                            + gsl_matrix_get (cache->p1, n, h) * dsc);
        }
    }

  /* ---------- back into the hidden layer ---------- */

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, s);
      }

  /* relu: p1 is 0 exactly where z1 was <= 0, so p1 works as the mask */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        if (gsl_matrix_get (cache->p1, n, h) > 0)
          gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (g->dp1, n, h));
        else
          gsl_matrix_set (g->dz1, n, h, 0);
      }

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, s);
      }

  for (h = 0; h < H; h++)
    {
      double s = 0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, s);
    }

  /* ---------- now the 1/N, on everything ---------- */
  double invN = 1.0 / (double) N;
  gsl_matrix_scale (g->dz2, invN);
  gsl_matrix_scale (g->dW2, invN);
  gsl_vector_scale (g->db2, invN);
  gsl_matrix_scale (g->dp1, invN);
  gsl_matrix_scale (g->dz1, invN);
  gsl_matrix_scale (g->dW1, invN);
  gsl_vector_scale (g->db1, invN);

  /* ---------- and the regularization (d/dW of reg*W^2 = 2 reg W) ---------- */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2 * reg * gsl_matrix_get (net->W2, h, c));
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                      + 2 * reg * gsl_matrix_get (net->W1, d, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
