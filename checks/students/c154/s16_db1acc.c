/* Machine learning CW2: backward.c
 * Backward pass, written out with loops over the samples.  Each sample's
 * contribution is added into the gradients one at a time.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, c;

  /* initialise: weight gradients start at the regularisation term */
  for (j = 0; j < H; j++)
    for (c = 0; c < C; c++)
      gsl_matrix_set(g->dW2, j, c, 2 * reg * gsl_matrix_get(net->W2, j, c));
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dW1, i, j, 2 * reg * gsl_matrix_get(net->W1, i, j));
  gsl_vector_set_zero(g->db2);

  for (n = 0; n < N; n++) {
    /* dz2 for this sample */
    for (c = 0; c < C; c++) {
      double p = gsl_matrix_get(cache->prob, n, c);
      if (c == y[n])
        p = p - 1;
      gsl_matrix_set(g->dz2, n, c, p / N);
    }

    /* accumulate dW2 and db2 */
    for (c = 0; c < C; c++) {
      double d = gsl_matrix_get(g->dz2, n, c);
      for (j = 0; j < H; j++)
        gsl_matrix_set(g->dW2, j, c, gsl_matrix_get(g->dW2, j, c)
                       + gsl_matrix_get(cache->p1, n, j) * d);
      gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + d);
    }

    /* dp1 and dz1 for this sample */
    for (j = 0; j < H; j++) {
      double s = 0;
      for (c = 0; c < C; c++)
        s += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, j, c);
      gsl_matrix_set(g->dp1, n, j, s);
      gsl_matrix_set(g->dz1, n, j, gsl_matrix_get(cache->z1, n, j) > 0 ? s : 0);
    }

    /* accumulate dW1 and db1 */
    for (j = 0; j < H; j++) {
      double d = gsl_matrix_get(g->dz1, n, j);
      for (i = 0; i < D; i++)
        gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                       + gsl_matrix_get(X, n, i) * d);
      gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + d);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
