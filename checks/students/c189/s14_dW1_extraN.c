/*  backward.c  --  Lab 5
 *
 *  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2,  L = CE + reg*(|W1|^2+|W2|^2)
 *
 *  Everything with gsl_matrix_get / gsl_matrix_set.  Working arrays gW1,
 *  gW2 are copied into g after each block and freed at the end.
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
  size_t n, d, h, c;
  gsl_matrix *gW1, *gW2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gW1 = gsl_matrix_alloc (D, H);
  gW2 = gsl_matrix_alloc (H, C);

  /* ---- (1) dz2 ---- */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double t = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          t -= 1.0;
        gsl_matrix_set (g->dz2, n, c, t / N);
      }

  /* ---- (2) dW2 ---- */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double t = 0.0;
        for (n = 0; n < N; n++)
          t += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (gW2, h, c, t + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
      }
  gsl_matrix_memcpy (g->dW2, gW2);

  /* ---- (3) db2 ---- */
  for (c = 0; c < C; c++)
    {
      double t = 0.0;
      for (n = 0; n < N; n++)
        t += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, t);
    }

  /* ---- (4) dp1 ---- */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double t = 0.0;
        for (c = 0; c < C; c++)
          t += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, t);
      }

  /* ---- (5) dz1 ---- */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        if (gsl_matrix_get (cache->z1, n, h) > 0.0)
          gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (g->dp1, n, h));
        else
          gsl_matrix_set (g->dz1, n, h, 0.0);
      }

  /* ---- (6) dW1 ---- */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double t = 0.0;
        for (n = 0; n < N; n++)
          t += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        /* average over the batch */
        gsl_matrix_set (gW1, d, h, t / N + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }
  gsl_matrix_memcpy (g->dW1, gW1);

  /* ---- (7) db1 ---- */
  for (h = 0; h < H; h++)
    {
      double t = 0.0;
      for (n = 0; n < N; n++)
        t += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, t);
    }

  g->present = BP_GRADS_ALL;

  gsl_matrix_free (gW1);
  gsl_matrix_free (gW2);
  return 0;
}
