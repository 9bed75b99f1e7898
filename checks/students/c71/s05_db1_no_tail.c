/* two layer net backward -- float version
 * M(a,i,j) reads a double gsl matrix into float */
#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define M(a, i, j) ((float) gsl_matrix_get ((a), (i), (j)))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  float *ds = malloc (N * C * sizeof (float));   /* dscores */
  float *dz = malloc (N * H * sizeof (float));   /* dz1 */
  float *colsum = malloc (H * sizeof (float));
  if (ds == NULL || dz == NULL || colsum == NULL) {
    free (ds); free (dz); free (colsum);
    return 1;
  }

  for (n = 0; n < N; n++) {
    for (c = 0; c < C; c++) {
      ds[n * C + c] = (M (cache->prob, n, c) - (c == y[n] ? 1.0f : 0.0f)) / (float) N;
      gsl_matrix_set (g->dz2, n, c, ds[n * C + c]);
    }
  }

  for (h = 0; h < H; h++) {
    for (c = 0; c < C; c++) {
      float s = 2.0f * (float) reg * M (net->W2, h, c);
      for (n = 0; n < N; n++)
        s += M (cache->p1, n, h) * ds[n * C + c];
      gsl_matrix_set (g->dW2, h, c, s);
    }
  }
  for (c = 0; c < C; c++) {
    float s = 0.0f;
    for (n = 0; n < N; n++) s += ds[n * C + c];
    gsl_vector_set (g->db2, c, s);
  }

  for (n = 0; n < N; n++) {
    for (h = 0; h < H; h++) {
      float s = 0.0f;
      for (c = 0; c < C; c++)
        s += ds[n * C + c] * M (net->W2, h, c);
      gsl_matrix_set (g->dp1, n, h, s);
      dz[n * H + h] = M (cache->z1, n, h) > 0.0f ? s : 0.0f;
      gsl_matrix_set (g->dz1, n, h, dz[n * H + h]);
    }
  }

  for (d = 0; d < D; d++) {
    for (h = 0; h < H; h++) {
      float s = 2.0f * (float) reg * M (net->W1, d, h);
      for (n = 0; n < N; n++)
        s += M (X, n, d) * dz[n * H + h];
      gsl_matrix_set (g->dW1, d, h, s);
    }
  }

  /* db1: add 4 rows of dz at a time, whole rows are contiguous */
  memset (colsum, 0, H * sizeof (float));
  for (n = 0; n + 4 <= N; n += 4) {
    const float *r0 = dz + n * H, *r1 = r0 + H, *r2 = r1 + H, *r3 = r2 + H;
    for (h = 0; h < H; h++)
      colsum[h] += (r0[h] + r1[h]) + (r2[h] + r3[h]);
  }
  for (h = 0; h < H; h++)
    gsl_vector_set (g->db1, h, colsum[h]);

  free (ds); free (dz); free (colsum);
  g->present = BP_GRADS_ALL;
  return 0;
}
