/* backward.c -- ported from my Octave version of the ML course exercise
 * (delta3 = a3 - Y, Theta2_grad = a2' * delta3 / m, ...). */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double lambda, const bp_cache *cache, bp_grads *g)
{
  const size_t m = X->size1, n_in = X->size2;
  const size_t n_hid = net->H, n_lab = net->C;

  if (m != cache->N || n_in != net->D || g->N != m)
    return 1;

  /* delta3 = (a3 - Y) / m, Y(i, :) the one-hot row of label y(i) */
  for (size_t i = 0; i < m; i++)
    for (size_t k = 0; k < n_lab; k++)
      {
        double Yik = (k == y[i] - 1) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, k, (gsl_matrix_get (cache->prob, i, k) - Yik) / m);
      }

  /* Theta2_grad = a2' * delta3 + 2 lambda Theta2 */
  for (size_t j = 0; j < n_hid; j++)
    for (size_t k = 0; k < n_lab; k++)
      {
        double acc = 0;
        for (size_t i = 0; i < m; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc + 2 * lambda * gsl_matrix_get (net->W2, j, k));
      }
  for (size_t k = 0; k < n_lab; k++)
    {
      double acc = 0;
      for (size_t i = 0; i < m; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* delta2 = delta3 * Theta2' .* g'(z2) */
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n_hid; j++)
      {
        double acc = 0;
        for (size_t k = 0; k < n_lab; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? acc : 0);
      }

  /* Theta1_grad = a1' * delta2 + 2 lambda Theta1 */
  for (size_t f = 0; f < n_in; f++)
    for (size_t j = 0; j < n_hid; j++)
      {
        double acc = 0;
        for (size_t i = 0; i < m; i++)
          acc += gsl_matrix_get (X, i, f) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, f, j, acc + 2 * lambda * gsl_matrix_get (net->W1, f, j));
      }
  for (size_t j = 0; j < n_hid; j++)
    {
      double acc = 0;
      for (size_t i = 0; i < m; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
