/* backward pass -- lab 3 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int n = X->size1;
  int H = net->H, C = net->C;
  size_t D = net->D;
  double inv_n = 1 / n;   /* loss is an average over the batch */

  if ((size_t)n != cache->N || X->size2 != D || g->N != (size_t)n)
    return 1;

  /* scores */
  for (int i = 0; i < n; i++) {
    int label = (int)y[i];
    for (int c = 0; c < C; c++) {
      double d = gsl_matrix_get(cache->prob, i, c);
      if (c == label)
        d -= 1.0;
      gsl_matrix_set(g->dz2, i, c, d * inv_n);
    }
  }

  /* second layer */
  for (int h = 0; h < H; h++) {
    for (int c = 0; c < C; c++) {
      double s = 0;
      for (int i = 0; i < n; i++)
        s += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
      gsl_matrix_set(g->dW2, h, c, s + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }
  for (int c = 0; c < C; c++) {
    double s = 0;
    for (int i = 0; i < n; i++)
      s += gsl_matrix_get(g->dz2, i, c);
    gsl_vector_set(g->db2, c, s);
  }

  /* hidden layer */
  for (int i = 0; i < n; i++)
    for (int h = 0; h < H; h++) {
      double s = 0;
      for (int c = 0; c < C; c++)
        s += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, i, h, s);
      gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(cache->z1, i, h) > 0 ? s : 0);
    }

  /* first layer */
  for (size_t d = 0; d < D; d++)
    for (int h = 0; h < H; h++) {
      double s = 2 * reg * gsl_matrix_get(net->W1, d, h);
      for (int i = 0; i < n; i++)
        s += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
      gsl_matrix_set(g->dW1, d, h, s);
    }
  for (int h = 0; h < H; h++) {
    double s = 0;
    for (int i = 0; i < n; i++)
      s += gsl_matrix_get(g->dz1, i, h);
    gsl_vector_set(g->db1, h, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
