/* backward.c -- my port of the numpy solution (assignment 1, two_layer_net) */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* np.dot(A.T, B) */
static void
dot_at_b (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t r = 0; r < out->size1; r++)
    for (size_t c = 0; c < out->size2; c++)
      {
        double s = 0.0;
        for (size_t k = 0; k < A->size1; k++)
          s += gsl_matrix_get (A, k, r) * gsl_matrix_get (B, k, c);
        gsl_matrix_set (out, r, c, s);
      }
}

/* np.dot(A, B.T) */
static void
dot_a_bt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t r = 0; r < out->size1; r++)
    for (size_t c = 0; c < out->size2; c++)
      {
        double s = 0.0;
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, r, k) * gsl_matrix_get (B, c, k);
        gsl_matrix_set (out, r, c, s);
      }
}

/* np.sum(A, axis=0) */
static void
sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector_set_zero (out);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_vector_set (out, j, gsl_vector_get (out, j) + gsl_matrix_get (A, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* grads['W2'] = np.dot(hidden.T, dscores) + 2 * reg * W2 */
  dot_at_b (cache->p1, g->dz2, g->dW2);
  for (size_t h = 0; h < net->H; h++)
    for (size_t c = 0; c < net->C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2.0 * reg * gsl_matrix_get (net->W2, h, c));

  /* grads['b2'] = np.sum(dscores, axis=0) */
  sum_axis0 (g->dz2, g->db2);

  /* dhidden = np.dot(dscores, W2.T) */
  dot_a_bt (g->dz2, net->W2, g->dp1);

  /* dhidden[hidden_pre <= 0] = 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, i, h) <= 0.0)
        gsl_matrix_set (g->dz1, i, h, 0.0);

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  dot_at_b (X, g->dz1, g->dW1);
  for (size_t d = 0; d < net->D; d++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                      + 2.0 * reg * gsl_matrix_get (net->W1, d, h));

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  sum_axis0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
