/* backward.c -- hw3, two layer net backward pass
 * all loops, row pointers from gsl_matrix_ptr like the TA showed in section */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++) {
    const double *pr = gsl_matrix_const_ptr (cache->prob, i, 0);
    double *dz = gsl_matrix_ptr (g->dz2, i, 0);
    for (k = 0; k < C; k++)
      dz[k] = pr[k] / N;
    dz[y[i]] -= 1.0 / N;
  }

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++) {
    double *dw = gsl_matrix_ptr (g->dW2, j, 0);
    const double *w = gsl_matrix_const_ptr (net->W2, j, 0);
    for (k = 0; k < C; k++)
      dw[k] = 2.0 * reg * w[k];
  }
  for (i = 0; i < N; i++) {
    const double *a = gsl_matrix_const_ptr (cache->p1, i, 0);
    const double *dz = gsl_matrix_const_ptr (g->dz2, i, 0);
    for (j = 0; j < H; j++) {
      double *dw = gsl_matrix_ptr (g->dW2, j, 0);
      for (k = 0; k < C; k++)
        dw[k] += a[j] * dz[k];
    }
  }

  /* 3. db2 = sum of dz2 over samples */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      *gsl_vector_ptr (g->db2, k) += gsl_matrix_get (g->dz2, i, k);

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < N; i++) {
    const double *dz = gsl_matrix_const_ptr (g->dz2, i, 0);
    double *dp = gsl_matrix_ptr (g->dp1, i, 0);
    for (j = 0; j < H; j++) {
      const double *w = gsl_matrix_const_ptr (net->W2, j, 0);
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += dz[k] * w[k];
      dp[j] = s;
    }
  }

  /* 5. dz1 = dp1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++) {
    const double *z = gsl_matrix_const_ptr (cache->z1, i, 0);
    const double *dp = gsl_matrix_const_ptr (g->dp1, i, 0);
    double *dz = gsl_matrix_ptr (g->dz1, i, 0);
    for (j = 0; j < H; j++)
      dz[j] = (z[j] > 0) ? dp[j] : 0.0;
  }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, 2.0 * reg * gsl_matrix_get (net->W1, i, j));
  for (i = 0; i < N; i++) {
    const double *x = gsl_matrix_const_ptr (X, i, 0);
    const double *dz = gsl_matrix_const_ptr (g->dz1, i, 0);
    for (k = 0; k < D; k++) {
      double *dw = gsl_matrix_ptr (g->dW1, k, 0);
      for (j = 0; j < H; j++)
        dw[j] += x[k] * dz[j];
    }
  }

  /* 7. db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++) {
    const double *dz = gsl_matrix_const_ptr (g->dz1, i, 0);
    for (j = 0; j < H; j++)
      *gsl_vector_ptr (g->db1, j) += dz[j];
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
