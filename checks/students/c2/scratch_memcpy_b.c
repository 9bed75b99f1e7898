/* Backward pass.  Scratch buffers, copied into g at the end.
 * I don't trust cache->prob so I recompute the softmax (stable version). */

#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double *
scratch (size_t n)
{
  double *p = calloc (n, sizeof (double));
  return p;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *dz2 = scratch (N * C), *dW2 = scratch (H * C), *db2 = scratch (C);
  double *dp1 = scratch (N * H), *dz1 = scratch (N * H);
  double *dW1 = scratch (D * H), *db1 = scratch (H);

  for (size_t i = 0; i < N; i++)
    {
      double mx = -INFINITY, denom = 0;
      for (size_t k = 0; k < C; k++)
        mx = fmax (mx, gsl_matrix_get (cache->z2, i, k));
      for (size_t k = 0; k < C; k++)
        denom += exp (gsl_matrix_get (cache->z2, i, k));
      for (size_t k = 0; k < C; k++)
        {
          double p = exp (gsl_matrix_get (cache->z2, i, k) - mx) / denom;
          dz2[i * C + k] = (p - (k == y[i])) / N;
        }
    }

  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      {
        db2[k] += dz2[i * C + k];
        for (size_t j = 0; j < H; j++)
          dW2[j * C + k] += gsl_matrix_get (cache->p1, i, j) * dz2[i * C + k];
      }
  for (size_t j = 0; j < H * C; j++)
    dW2[j] += 2 * reg * net->W2->data[j];

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        for (size_t k = 0; k < C; k++)
          dp1[i * H + j] += dz2[i * C + k] * gsl_matrix_get (net->W2, j, k);
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          dz1[i * H + j] = dp1[i * H + j];
      }

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        db1[j] += dz1[i * H + j];
        for (size_t d = 0; d < D; d++)
          dW1[d * H + j] += gsl_matrix_get (X, i, d) * dz1[i * H + j];
      }
  for (size_t j = 0; j < D * H; j++)
    dW1[j] += 2 * reg * net->W1->data[j];

  memcpy (g->dz2->data, dz2, N * C * sizeof (double));
  memcpy (g->dW2->data, dW2, H * C * sizeof (double));
  memcpy (g->db2->data, db2, C * sizeof (double));
  memcpy (g->dp1->data, dp1, N * H * sizeof (double));
  memcpy (g->dz1->data, dz1, N * H * sizeof (double));
  memcpy (g->dW1->data, dW1, D * H * sizeof (double));
  memcpy (g->db1->data, db1, H * sizeof (double));
  free (dz2); free (dW2); free (db2); free (dp1); free (dz1);
  free (dW1); free (db1);
  g->present = BP_GRADS_ALL;
  return 0;
}
