/* Backward pass, written out index by index.
 *
 * Notation (row i = sample i):
 *   L = 1/N sum_i -log P[i][y_i] + reg (||W1||^2 + ||W2||^2)
 *   dL/dz2[i][k] = (P[i][k] - [k == y_i]) / N                =: delta2
 *   dL/dW2[h][k] = sum_i p1[i][h] delta2[i][k] + 2 reg W2[h][k]
 *   dL/db2[k]    = sum_i delta2[i][k]
 *   dL/dp1[i][h] = sum_k delta2[i][k] W2[h][k]
 *   dL/dz1[i][h] = dL/dp1[i][h] * 1{z1[i][h] > 0}             =: delta1
 *   dL/dW1[d][h] = sum_i X[i][d] delta1[i][h] + 2 reg W1[d][h]
 *   dL/db1[h]    = sum_i delta1[i][h]
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nS = X->size1, nD = net->D, nH = net->H, nC = net->C;
  size_t i, d, h, k;
  gsl_matrix *delta2 = g->dz2, *delta1 = g->dz1;
  gsl_matrix *grad_W2 = g->dW2, *grad_W1 = g->dW1;

  if (nS != cache->N || X->size2 != nD || g->N != nS) return 1;

  for (i = 0; i < nS; i++)
    for (k = 0; k < nC; k++) {
      double ind = (k == y[i]) ? 1.0 : 0.0;
      gsl_matrix_set(delta2, i, k, (gsl_matrix_get(cache->prob, i, k) - ind) / (double) nS);
    }

  for (h = 0; h < nH; h++)
    for (k = 0; k < nC; k++) {
      double s = 2.0 * reg * gsl_matrix_get(net->W2, h, k);
      for (i = 0; i < nS; i++)
        s += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(delta2, i, k);
      gsl_matrix_set(grad_W2, h, k, s);
    }

  for (k = 0; k < nC; k++) {
    double s = 0.0;
    for (i = 0; i < nS; i++) s += gsl_matrix_get(delta2, i, k);
    gsl_vector_set(g->db2, k, s);
  }

  for (i = 0; i < nS; i++)
    for (h = 0; h < nH; h++) {
      double s = 0.0;
      for (k = 0; k < nC; k++)
        s += gsl_matrix_get(delta2, i, k) * gsl_matrix_get(net->W2, h, k);
      gsl_matrix_set(g->dp1, i, h, s);
    }

  for (i = 0; i < nS; i++)
    for (h = 0; h < nH; h++) {
      double on = gsl_matrix_get(cache->z1, i, h) > 0.0 ? 1.0 : 0.0;
      gsl_matrix_set(delta1, i, h, on * gsl_matrix_get(g->dp1, i, h));
    }

  for (d = 0; d < nD; d++)
    for (h = 0; h < nH; h++) {
      double s = 2.0 * reg * gsl_matrix_get(net->W1, d, h);
      for (i = 0; i < nS; i++)
        s += gsl_matrix_get(X, i, d) * gsl_matrix_get(delta1, i, h);
      gsl_matrix_set(grad_W1, d, h, s);
    }

  for (h = 0; h < nH; h++) {
    double s = 0.0;
    for (i = 0; i < nS; i++) s += gsl_matrix_get(delta1, i, h);
    gsl_vector_set(g->db1, h, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
