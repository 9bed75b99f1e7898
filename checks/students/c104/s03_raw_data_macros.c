/*
 * two layer net: backward pass
 * Author: learner #20417 (C track)
 *
 * I work on the raw ->data arrays, with the tda (row stride) of each matrix,
 * through the AT() macro below.  Same three layer functions as the example.
 */
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void output_backward (const bp_net *net, const size_t *y, double reg,
                             const bp_cache *cache, bp_grads *g) {
  size_t N = cache->N, H = net->H, C = net->C, i, h, c;
  double invN = 1.0 / (double) N;

  for (i = 0; i < N; i++) {
    for (c = 0; c < C; c++)
      AT (g->dz2, i, c) = AT (cache->prob, i, c) * invN;
    AT (g->dz2, i, y[i]) -= invN;
  }

  /* weights: start from the reg part, then add p1^T dz2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      AT (g->dW2, h, c) = 2.0 * reg * AT (net->W2, h, c);
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++) {
      double a = AT (cache->p1, i, h);
      for (c = 0; c < C; c++)
        AT (g->dW2, h, c) += a * AT (g->dz2, i, c);
    }

  for (c = 0; c < C; c++)
    VAT (g->db2, c) = 0.0;
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      VAT (g->db2, c) += AT (g->dz2, i, c);
}

static void hidden_backward (const bp_net *net, const bp_cache *cache,
                             bp_grads *g) {
  size_t N = cache->N, H = net->H, C = net->C, i, h, c;

  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++) {
      double s = 0.0;
      for (c = 0; c < C; c++)
        s += AT (g->dz2, i, c) * AT (net->W2, h, c);
      AT (g->dp1, i, h) = s;
      AT (g->dz1, i, h) = AT (cache->z1, i, h) > 0.0 ? s : 0.0;
    }
}

static void input_backward (const bp_net *net, const gsl_matrix *X, double reg,
                            bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, i, d, h;

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      AT (g->dW1, d, h) = 2.0 * reg * AT (net->W1, d, h);
  for (h = 0; h < H; h++)
    VAT (g->db1, h) = 0.0;

  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++) {
      double dz = AT (g->dz1, i, h);
      if (dz == 0.0)
        continue;               /* dead unit, nothing to add */
      VAT (g->db1, h) += dz;
      for (d = 0; d < D; d++)
        AT (g->dW1, d, h) += AT (X, i, d) * dz;
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;
  output_backward (net, y, reg, cache, g);
  hidden_backward (net, cache, g);
  input_backward (net, X, reg, g);
  g->present = BP_GRADS_ALL;
  return 0;
}
