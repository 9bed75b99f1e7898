/* HW3 backward pass
 * notation as in the lecture notes: a1 = relu(z1), delta2 = dL/dz2,
 * delta1 = dL/dz1 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, c, d;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  const gsl_matrix *a1 = cache->p1;
  const gsl_matrix *z1 = cache->z1;

  /* delta2 = probs - y_onehot  (the loss is averaged over the batch) */
  for (i = 0; i < N; i++) {
    for (c = 0; c < C; c++) {
      double t = (c == y[i]) ? 1.0 : 0.0;
      gsl_matrix_set (g->dz2, i, c, gsl_matrix_get (cache->prob, i, c) - t);
    }
  }

  /* grad_W2 and grad_b2 */
  for (j = 0; j < H; j++) {
    for (c = 0; c < C; c++) {
      double sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (a1, i, j) * gsl_matrix_get (g->dz2, i, c);
      gsl_matrix_set (g->dW2, j, c, sum + 2 * reg * gsl_matrix_get (net->W2, j, c));
    }
  }
  for (c = 0; c < C; c++) {
    double sum = 0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get (g->dz2, i, c);
    gsl_vector_set (g->db2, c, sum);
  }

  /* dL/da1 */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double sum = 0;
      for (c = 0; c < C; c++)
        sum += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, j, c);
      gsl_matrix_set (g->dp1, i, j, sum);
    }
  }

  /* delta1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* grad_W1 and grad_b1 */
  for (d = 0; d < D; d++) {
    for (j = 0; j < H; j++) {
      double sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
      gsl_matrix_set (g->dW1, d, j, sum + 2 * reg * gsl_matrix_get (net->W1, d, j));
    }
  }
  for (j = 0; j < H; j++) {
    double sum = 0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
