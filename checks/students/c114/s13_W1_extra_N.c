/* ---------------------------------------------------------------
 * Machine Learning, Homework 3, Problem 2
 * backward pass for  X -> affine -> relu -> affine -> softmax
 * --------------------------------------------------------------- */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *delta2 = g->dz2;
  gsl_matrix *delta1 = g->dz1;
  gsl_matrix *grad_W1 = g->dW1, *grad_W2 = g->dW2;
  gsl_vector *grad_b1 = g->db1, *grad_b2 = g->db2;

  /* delta2 = (probs - onehot) / N  -- divide by N because of the mean */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++) {
      double p = gsl_matrix_get(cache->prob, n, c);
      gsl_matrix_set(delta2, n, c, (c == y[n] ? p - 1.0 : p) / N);
    }

  /* grad_W2, grad_b2 */
  gsl_vector_set_zero(grad_b2);
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set(grad_W2, h, c, 2.0 * reg * gsl_matrix_get(net->W2, h, c));
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++) {
      double dl = gsl_matrix_get(delta2, n, c);
      for (h = 0; h < H; h++)
        gsl_matrix_set(grad_W2, h, c, gsl_matrix_get(grad_W2, h, c)
                       + gsl_matrix_get(cache->p1, n, h) * dl);
      gsl_vector_set(grad_b2, c, gsl_vector_get(grad_b2, c) + dl);
    }

  /* dp1 and delta1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++) {
      double s = 0.0;
      for (c = 0; c < C; c++)
        s += gsl_matrix_get(delta2, n, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, n, h, s);
      gsl_matrix_set(delta1, n, h, gsl_matrix_get(cache->z1, n, h) > 0.0 ? s : 0.0);
    }

  /* grad_W1 = 1/N * X^T delta1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++) {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get(X, n, d) * gsl_matrix_get(delta1, n, h);
      gsl_matrix_set(grad_W1, d, h, s / N + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
    }

  /* grad_b1 */
  for (h = 0; h < H; h++) {
    double s = 0.0;
    for (n = 0; n < N; n++)
      s += gsl_matrix_get(delta1, n, h);
    gsl_vector_set(grad_b1, h, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
