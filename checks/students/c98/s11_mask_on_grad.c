/*
 * backward.c -- lab 4 backprop
 *
 * Same structure as the numpy version from lab 3:
 *   dscores -> dW2, db2 -> dhidden -> relu -> dW1, db1
 */
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i) ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    {
      AT (g->dz2, n, y[n]) -= 1.0;
      for (k = 0; k < C; k++)
        AT (g->dz2, n, k) /= (double) N;
    }

  /* dW2, db2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += AT (cache->p1, n, j) * AT (g->dz2, n, k);
        AT (g->dW2, j, k) = s + 2.0 * reg * AT (net->W2, j, k);
      }
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += AT (g->dz2, n, k);
      VAT (g->db2, k) = s;
    }

  /* dhidden = dscores . W2^T */
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += AT (g->dz2, n, k) * AT (net->W2, j, k);
        AT (g->dp1, n, j) = s;
      }

  /* relu backward: dhidden[dhidden < 0] = 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++)
      if (AT (g->dz1, n, j) < 0.0)
        AT (g->dz1, n, j) = 0.0;

  /* dW1, db1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += AT (X, n, i) * AT (g->dz1, n, j);
        AT (g->dW1, i, j) = s + 2.0 * reg * AT (net->W1, i, j);
      }
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += AT (g->dz1, n, j);
      VAT (g->db1, j) = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
