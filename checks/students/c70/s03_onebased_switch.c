/*
 * Homework 2, backward pass.
 * Layers are numbered 1..L like in the lecture notes (layer 0 = input),
 * so the arrays have a dummy entry at index 0.
 *   Z^[l] = A^[l-1] W^[l] + b^[l],  A^[l] = g(Z^[l])
 */
#include "backprop.h"

#define NL 2

/* element (i,j) of a gsl matrix through the raw pointer */
#define AT(M, i, j) ((M)->data[(i) * (M)->tda + (j)])

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *A[NL + 1] = { X, cache->p1, cache->prob };
  const gsl_matrix *Z[NL + 1] = { NULL, cache->z1, cache->z2 };
  const gsl_matrix *W[NL + 1] = { NULL, net->W1, net->W2 };
  gsl_matrix *dZ, *dW, *dAprev;
  gsl_vector *db;
  size_t N = X->size1, n, r, c, k;
  int l;

  if (N != cache->N)
    return 1;

  /* dZ^[L] */
  for (n = 0; n < N; n++)
    for (c = 0; c < net->C; c++)
      AT (g->dz2, n, c) = (AT (A[NL], n, c) - (c == y[n] ? 1.0 : 0.0)) / (double) N;

  for (l = NL; l >= 1; l--)
    {
      switch (l)
        {
        case 2:
          dZ = g->dz2; dW = g->dW2; db = g->db2; dAprev = g->dp1;
          break;
        default:
          dZ = g->dz1; dW = g->dW1; db = g->db1; dAprev = NULL;
          break;
        }

      /* dW^[l] = A^[l-1]^T dZ^[l] + 2 reg W^[l] */
      for (r = 0; r < dW->size1; r++)
        for (c = 0; c < dW->size2; c++)
          {
            double acc = 2.0 * reg * AT (W[l], r, c);
            for (n = 0; n < N; n++)
              acc += AT (A[l - 1], n, r) * AT (dZ, n, c);
            AT (dW, r, c) = acc;
          }

      /* db^[l] */
      for (c = 0; c < db->size; c++)
        {
          double acc = 0.0;
          for (n = 0; n < N; n++)
            acc += AT (dZ, n, c);
          db->data[c * db->stride] = acc;
        }

      if (dAprev == NULL)
        continue;

      /* dA^[l-1] = dZ^[l] W^[l]^T, then dZ^[l-1] = dA^[l-1] * g'(Z^[l-1]) */
      for (n = 0; n < N; n++)
        for (r = 0; r < dAprev->size2; r++)
          {
            double acc = 0.0;
            for (k = 0; k < dZ->size2; k++)
              acc += AT (dZ, n, k) * AT (W[l], r, k);
            AT (dAprev, n, r) = acc;
            AT (g->dz1, n, r) = AT (Z[l - 1], n, r) > 0.0 ? acc : 0.0;
          }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
