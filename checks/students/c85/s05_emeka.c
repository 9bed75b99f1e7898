/* backward.c -- Lab 5: backprop for the two-layer net
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).  Do not change the
 * signature.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;

  /* TODO (1): compute dscores -> g->dz2 */
  /* dscores = probs, minus 1 at the correct class, divided by N */
  for (n = 0; n < N; n++) {
    for (c = 0; c < C; c++) {
      double ds = gsl_matrix_get(cache->prob, n, c);
      if (c == y[n]) ds -= 1;
      gsl_matrix_set(g->dz2, n, c, ds);
    }
  }

  /* TODO (2): backprop into W2 and b2 */
  for (h = 0; h < H; h++) {
    for (c = 0; c < C; c++) {
      double acc = 0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
      gsl_matrix_set(g->dW2, h, c, acc + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }
  for (c = 0; c < C; c++) {
    double acc = 0;
    for (n = 0; n < N; n++)
      acc += gsl_matrix_get(g->dz2, n, c);
    gsl_vector_set(g->db2, c, acc);
  }

  /* TODO (3): backprop into the hidden layer */
  for (n = 0; n < N; n++) {
    for (h = 0; h < H; h++) {
      double acc = 0;
      for (c = 0; c < C; c++)
        acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, n, h, acc);
    }
  }

  /* TODO (4): backprop through the ReLU */
  for (n = 0; n < N; n++) {
    for (h = 0; h < H; h++) {
      double v = gsl_matrix_get(cache->z1, n, h) > 0 ? gsl_matrix_get(g->dp1, n, h) : 0;
      gsl_matrix_set(g->dz1, n, h, v);
    }
  }

  /* TODO (5): backprop into W1 and b1 */
  for (d = 0; d < D; d++) {
    for (h = 0; h < H; h++) {
      double acc = 0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
      gsl_matrix_set(g->dW1, d, h, acc + 2 * reg * gsl_matrix_get(net->W1, d, h));
    }
  }
  for (h = 0; h < H; h++) {
    double acc = 0;
    for (n = 0; n < N; n++)
      acc += gsl_matrix_get(g->dz1, n, h);
    gsl_vector_set(g->db1, h, acc);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
