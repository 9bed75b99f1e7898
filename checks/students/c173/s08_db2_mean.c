/* HW4 Q2: backward for the 2-layer net.
 * The local arrays in the skeleton were not needed, everything goes into g
 * directly (TODO numbers kept). */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;
  size_t n, d, h, c;
  double s;

  /* TODO 1: dscores */
  for (n = 0; n < N; n++) {
    for (c = 0; c < C; c++) {
      double t = gsl_matrix_get(cache->prob, n, c);
      if (c == y[n]) t = t - 1;
      gsl_matrix_set(g->dz2, n, c, t / N);
    }
  }

  /* TODO 2: dW2 */
  for (h = 0; h < H; h++) {
    for (c = 0; c < C; c++) {
      s = 0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
      gsl_matrix_set(g->dW2, h, c, s + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }

  /* TODO 3: db2, average over the batch */
  for (c = 0; c < C; c++) {
    s = 0;
    for (n = 0; n < N; n++)
      s += gsl_matrix_get(g->dz2, n, c);
    gsl_vector_set(g->db2, c, s / N);
  }

  /* TODO 4: dhidden */
  for (n = 0; n < N; n++) {
    for (h = 0; h < H; h++) {
      s = 0;
      for (c = 0; c < C; c++)
        s += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, n, h, s);
    }
  }

  /* TODO 5: dz1 */
  for (n = 0; n < N; n++) {
    for (h = 0; h < H; h++) {
      if (gsl_matrix_get(cache->z1, n, h) > 0)
        gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(g->dp1, n, h));
      else
        gsl_matrix_set(g->dz1, n, h, 0.0);
    }
  }

  /* TODO 6: dW1 */
  for (d = 0; d < D; d++) {
    for (h = 0; h < H; h++) {
      s = 0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
      gsl_matrix_set(g->dW1, d, h, s + 2 * reg * gsl_matrix_get(net->W1, d, h));
    }
  }

  /* TODO 7: db1 */
  for (h = 0; h < H; h++) {
    s = 0;
    for (n = 0; n < N; n++)
      s += gsl_matrix_get(g->dz1, n, h);
    gsl_vector_set(g->db1, h, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
