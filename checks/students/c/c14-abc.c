/* bw.c */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nS = X->size1, nIn = X->size2, nHid = net->H, nOut = net->C;
  size_t a, b, c;
  double tmp;

  if (nS != cache->N || nIn != net->D || g->N != nS)
    return 1;

  for (a = 0; a < nS; a++)
    for (b = 0; b < nOut; b++)
      {
        tmp = gsl_matrix_get (cache->prob, a, b);
        if (b == y[a])
          tmp = tmp - 1;
        gsl_matrix_set (g->dz2, a, b, tmp / nS);
      }

  for (b = 0; b < nHid; b++)
    for (c = 0; c < nOut; c++)
      {
        tmp = 0;
        for (a = 0; a < nS; a++)
          tmp += gsl_matrix_get (cache->p1, a, b) * gsl_matrix_get (g->dz2, a, c);
        gsl_matrix_set (g->dW2, b, c, tmp + 2 * reg * gsl_matrix_get (net->W2, b, c));
      }

  for (c = 0; c < nOut; c++)
    {
      tmp = 0;
      for (a = 0; a < nS; a++)
        tmp += gsl_matrix_get (g->dz2, a, c);
      gsl_vector_set (g->db2, c, tmp);
    }

  for (a = 0; a < nS; a++)
    for (b = 0; b < nHid; b++)
      {
        tmp = 0;
        for (c = 0; c < nOut; c++)
          tmp += gsl_matrix_get (g->dz2, a, c) * gsl_matrix_get (net->W2, b, c);
        gsl_matrix_set (g->dp1, a, b, tmp);
      }

  for (a = 0; a < nS; a++)
    for (b = 0; b < nHid; b++)
      {
        tmp = gsl_matrix_get (g->dp1, a, b);
        if (gsl_matrix_get (cache->z1, a, b) <= 0)
          tmp = 0;
        gsl_matrix_set (g->dz1, a, b, tmp);
      }

  for (c = 0; c < nIn; c++)
    for (b = 0; b < nHid; b++)
      {
        tmp = 0;
        for (a = 0; a < nS; a++)
          tmp += gsl_matrix_get (X, a, c) * gsl_matrix_get (g->dz1, a, b);
        gsl_matrix_set (g->dW1, c, b, tmp + 2 * reg * gsl_matrix_get (net->W1, c, b));
      }

  for (b = 0; b < nHid; b++)
    {
      tmp = 0;
      for (a = 0; a < nS; a++)
        tmp += gsl_matrix_get (g->dp1, a, b);
      gsl_vector_set (g->db1, b, tmp);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
