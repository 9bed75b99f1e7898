/* backward pass (2 layer net)
 *   pass 1 over samples: dz2, db2, dW2, dp1
 *   pass 2 over samples: dz1, db1, dW1
 */
#include <stdlib.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t n, a, b, c;
  double *sumW2, *sumb2, *sumW1, *sumb1;

  if (N != cache->N || D != net->D || g->N != N) return 1;

  sumW2 = calloc (H * C, sizeof (double));
  sumb2 = calloc (C, sizeof (double));
  sumW1 = calloc (D * H, sizeof (double));
  sumb1 = calloc (H, sizeof (double));

  for (n = 0; n < N; n++) {
    /* dz2 = p/N, then -1/N on the right class */
    for (c = 0; c < C; c++) {
      double p = gsl_matrix_get (cache->prob, n, c) / N;
      gsl_matrix_set (g->dz2, n, c, p);
      sumb2[c] += p;
    }
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0 / N);

    for (a = 0; a < H; a++) {
      double acc = 0.0;
      double h = gsl_matrix_get (cache->p1, n, a);
      for (c = 0; c < C; c++) {
        double dz = gsl_matrix_get (g->dz2, n, c);
        sumW2[a * C + c] += h * dz;
        acc += dz * gsl_matrix_get (net->W2, a, c);
      }
      gsl_matrix_set (g->dp1, n, a, acc);
    }
  }

  for (n = 0; n < N; n++) {
    for (a = 0; a < H; a++) {
      double dz = 0.0;
      if (gsl_matrix_get (cache->z1, n, a) > 0.0) dz = gsl_matrix_get (g->dp1, n, a);
      gsl_matrix_set (g->dz1, n, a, dz);
      sumb1[a] += dz;
      for (b = 0; b < D; b++)
        sumW1[b * H + a] += gsl_matrix_get (X, n, b) * dz;
    }
  }

  for (a = 0; a < H; a++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, a, c, sumW2[a * C + c] + 2.0 * reg * gsl_matrix_get (net->W2, a, c));
  for (c = 0; c < C; c++) gsl_vector_set (g->db2, c, sumb2[c]);
  for (b = 0; b < D; b++)
    for (a = 0; a < H; a++)
      gsl_matrix_set (g->dW1, b, a, sumW1[b * H + a] + 2.0 * reg * gsl_matrix_get (net->W1, b, a));
  for (a = 0; a < H; a++) gsl_vector_set (g->db1, a, sumb1[a]);

  free (sumW2); free (sumb2); free (sumW1); free (sumb1);
  g->present = BP_GRADS_ALL;
  return 0;
}
