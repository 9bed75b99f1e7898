/* Lab 3 -- backward pass.
   dz2 and db2 in one pass, dp1 and the relu gate in one pass, dz1 and db1
   in one pass.  Weight gradients: i-k-j loops, the inner loop walks a row. */

#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double inv_n = 1.0 / N;
  double two_reg = 2.0 * reg;
  double *db2 = g->db2->data, *db1 = g->db1->data;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 and db2 */
  memset(db2, 0, C * sizeof(double));
  for (i = 0; i < N; i++) {
    const double *p = gsl_matrix_const_ptr(cache->prob, i, 0);
    double *dz = gsl_matrix_ptr(g->dz2, i, 0);
    memcpy(dz, p, C * sizeof(double));
    dz[y[i]] += 1.0;
    for (k = 0; k < C; k++) {
      dz[k] *= inv_n;
      db2[k] += dz[k];
    }
  }

  /* dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++) {
    double *out = gsl_matrix_ptr(g->dW2, j, 0);
    const double *w = gsl_matrix_const_ptr(net->W2, j, 0);
    for (k = 0; k < C; k++)
      out[k] = two_reg * w[k];
  }
  for (i = 0; i < N; i++) {
    const double *a = gsl_matrix_const_ptr(cache->p1, i, 0);
    const double *dz = gsl_matrix_const_ptr(g->dz2, i, 0);
    for (j = 0; j < H; j++) {
      double *out = gsl_matrix_ptr(g->dW2, j, 0);
      double aij = a[j];
      if (aij == 0.0)
        continue;               /* dead unit, nothing to add */
      for (k = 0; k < C; k++)
        out[k] += aij * dz[k];
    }
  }

  /* dp1 and dz1 (gate on z1), db1 */
  memset(db1, 0, H * sizeof(double));
  for (i = 0; i < N; i++) {
    const double *dz = gsl_matrix_const_ptr(g->dz2, i, 0);
    const double *z = gsl_matrix_const_ptr(cache->z1, i, 0);
    double *dp = gsl_matrix_ptr(g->dp1, i, 0);
    double *dh = gsl_matrix_ptr(g->dz1, i, 0);
    for (j = 0; j < H; j++) {
      const double *w = gsl_matrix_const_ptr(net->W2, j, 0);
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += dz[k] * w[k];
      dp[j] = s;
      dh[j] = z[j] > 0.0 ? s : 0.0;
      db1[j] += dh[j];
    }
  }

  /* dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++) {
    double *out = gsl_matrix_ptr(g->dW1, k, 0);
    const double *w = gsl_matrix_const_ptr(net->W1, k, 0);
    for (j = 0; j < H; j++)
      out[j] = two_reg * w[j];
  }
  for (i = 0; i < N; i++) {
    const double *x = gsl_matrix_const_ptr(X, i, 0);
    const double *dh = gsl_matrix_const_ptr(g->dz1, i, 0);
    for (k = 0; k < D; k++) {
      double *out = gsl_matrix_ptr(g->dW1, k, 0);
      double xk = x[k];
      for (j = 0; j < H; j++)
        out[j] += xk * dh[j];
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
