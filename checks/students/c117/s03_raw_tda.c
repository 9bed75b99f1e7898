/* backward.c -- two-layer net, backward pass on the raw arrays.
 *
 * I go through ->data with ->tda instead of gsl_matrix_get (no range
 * check per entry, and the loops read like the maths).  The softmax is
 * recomputed from the scores z2, shifted by the row max, so this does not
 * depend on cache->prob having been filled.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i) ((v)->data[(i) * (v)->stride])
#define CHECK(cond, code) \
  do { if (!(cond)) { rc = (code); goto out; } } while (0)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *e = NULL;               /* one row of exp(z2 - max) */
  size_t i, j, k;
  int rc = GSL_SUCCESS;

  CHECK (cache->N == N && g->N == N, GSL_EBADLEN);
  CHECK (X->size2 == D && g->D == D && g->H == H && g->C == C, GSL_EBADLEN);
  assert (cache->z2->size2 == C && cache->z1->size2 == H);

  e = malloc (C * sizeof *e);
  CHECK (e != NULL, GSL_ENOMEM);

  /* dz2 */
  for (i = 0; i < N; i++) {
    double mx = AT (cache->z2, i, 0), s = 0.0;
    CHECK (y[i] < C, GSL_EINVAL);
    for (k = 1; k < C; k++)
      if (AT (cache->z2, i, k) > mx)
        mx = AT (cache->z2, i, k);
    for (k = 0; k < C; k++) {
      e[k] = exp (AT (cache->z2, i, k) - mx);
      s += e[k];
    }
    for (k = 0; k < C; k++)
      AT (g->dz2, i, k) = (e[k] / s - (k == y[i] ? 1.0 : 0.0)) / (double) N;
  }

  /* dW2 (H x C) and db2 (C) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += AT (cache->p1, i, j) * AT (g->dz2, i, k);
      AT (g->dW2, j, k) = acc + 2.0 * reg * AT (net->W2, j, k);
    }
  for (k = 0; k < C; k++) {
    double acc = 0.0;
    for (i = 0; i < N; i++)
      acc += AT (g->dz2, i, k);
    VAT (g->db2, k) = acc;
  }

  /* dp1 (N x H) = dz2 W2^T, and dz1 right after, row by row */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double acc = 0.0;
      for (k = 0; k < C; k++)
        acc += AT (g->dz2, i, k) * AT (net->W2, j, k);
      AT (g->dp1, i, j) = acc;
      AT (g->dz1, i, j) = AT (cache->z1, i, j) > 0.0 ? acc : 0.0;
    }

  /* dW1 (D x H) */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      double acc = 2.0 * reg * AT (net->W1, k, j);
      for (i = 0; i < N; i++)
        acc += AT (X, i, k) * AT (g->dz1, i, j);
      AT (g->dW1, k, j) = acc;
    }

  /* db1 (H) */
  for (j = 0; j < H; j++) {
    double acc = 0.0;
    for (i = 0; i < N; i++)
      acc += AT (g->dz1, i, j);
    VAT (g->db1, j) = acc;
  }

  g->present = BP_GRADS_ALL;

out:
  free (e);
  return rc;
}
