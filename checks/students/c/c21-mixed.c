/* backward pass, HW3.  Biases first since they're easy. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, k, v / N);
      }

  /* db2 */
  for (size_t k = 0; k < C; k++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (cache->prob, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* dW2 */
  for (size_t j = 0; j < H; j++)
    for (size_t k = 0; k < C; k++)
      {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* dp1 and dz1 */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 0.0;
        for (size_t k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double keep = gsl_matrix_get (cache->p1, i, j) >= 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, keep * gsl_matrix_get (g->dp1, i, j));
      }

  /* db1 */
  for (size_t j = 0; j < H; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  /* dW1 */
  for (size_t f = 0; f < D; f++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, f) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, f, j, s + 2 * reg * gsl_matrix_get (net->W1, f, j));
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
