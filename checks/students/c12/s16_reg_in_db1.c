/* backward.c -- backprop (homework 2)
 *
 * dW and db of the same layer come from the same dz so I compute them in
 * the same loops: db is the sum of dz over the samples, I do it once
 * (for the first row i == 0) inside the dW loop.
 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double relu_deriv(double x) { return x > 0 ? 1.0 : 0.0; }

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, n;
  double sum, sum_b, val;

  /* dz2 = (prob - Y) / N */
  for (n = 0; n < N; n++)
    for (j = 0; j < C; j++) {
      val = gsl_matrix_get(cache->prob, n, j) - (j == y[n] ? 1.0 : 0.0);
      gsl_matrix_set(g->dz2, n, j, val / N);
    }

  /* dW2 and db2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++) {
      sum = 0.0;
      sum_b = 0.0;
      for (n = 0; n < N; n++) {
        sum += gsl_matrix_get(cache->p1, n, i) * gsl_matrix_get(g->dz2, n, j);
        sum_b += gsl_matrix_get(g->dz2, n, j);
      }
      gsl_matrix_set(g->dW2, i, j, sum + 2.0 * reg * gsl_matrix_get(net->W2, i, j));
      if (i == 0)
        gsl_vector_set(g->db2, j, sum_b);
    }

  /* dp1 = dz2 W2^T */
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++) {
      val = 0.0;
      for (j = 0; j < C; j++)
        val += gsl_matrix_get(g->dz2, n, j) * gsl_matrix_get(net->W2, i, j);
      gsl_matrix_set(g->dp1, n, i, val);
    }

  /* dz1 */
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++)
      gsl_matrix_set(g->dz1, n, i, gsl_matrix_get(g->dp1, n, i) * relu_deriv(gsl_matrix_get(cache->z1, n, i)));

  /* dW1 and db1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      sum = 0.0;
      sum_b = 0.0;
      for (n = 0; n < N; n++) {
        sum += gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j);
        sum_b += gsl_matrix_get(g->dz1, n, j);
      }
      gsl_matrix_set(g->dW1, i, j, sum + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
      if (i == 0)
        gsl_vector_set(g->db1, j, sum_b + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
