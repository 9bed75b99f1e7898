/*
 * backward.c  (hw 6)
 * Row pointers: for each observation, a pointer to its row in each matrix.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t i, d, h, c;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* parameter gradients start at the L2 part, the bias gradients at 0 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set(g->dW2, h, c, 2 * reg * gsl_matrix_get(net->W2, h, c));
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set(g->dW1, d, h, 2 * reg * gsl_matrix_get(net->W1, d, h));
  gsl_vector_set_zero(g->db2);
  gsl_vector_set_zero(g->db1);

  for (i = 0; i < N; i++) {
    const double *prob = gsl_matrix_const_ptr(cache->prob, i, 0);
    const double *a1 = gsl_matrix_const_ptr(cache->p1, i, 0);
    const double *xi = gsl_matrix_const_ptr(X, i, 0);
    double *dz2 = gsl_matrix_ptr(g->dz2, i, 0);
    double *dp1 = gsl_matrix_ptr(g->dp1, i, 0);
    double *dz1 = gsl_matrix_ptr(g->dz1, i, 0);

    for (c = 0; c < C; c++) {
      dz2[c] = prob[c] / N;
      if (c == y[i])
        dz2[c] -= 1.0 / N;
      g->db2->data[c * g->db2->stride] += dz2[c];
    }

    for (h = 0; h < H; h++) {
      double s = 0;
      for (c = 0; c < C; c++) {
        s += dz2[c] * gsl_matrix_get(net->W2, h, c);
        *gsl_matrix_ptr(g->dW2, h, c) += a1[h] * dz2[c];
      }
      dp1[h] = s;
      dz1[h] = dp1[h] > 0 ? dp1[h] : 0.0;
      g->db1->data[h * g->db1->stride] += dz1[h];
      for (d = 0; d < D; d++)
        *gsl_matrix_ptr(g->dW1, d, h) += xi[d] * dz1[h];
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
