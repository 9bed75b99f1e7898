/* CS-301 assignment 2: backward pass.
 * I do the arithmetic on plain C99 arrays on the stack (the nets in
 * this assignment are small) and copy the results into g at the end. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double dscores[N][C];
  double dhidden[N][H];
  double drelu[N][H];

  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      dscores[i][k] = (gsl_matrix_get (cache->prob, i, k) - (k == y[i])) / N;

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 0;
        for (size_t k = 0; k < C; k++)
          s += dscores[i][k] * gsl_matrix_get (net->W2, j, k);
        dhidden[i][j] = s;
      }

  /* relu: negative gradients are blocked */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      drelu[i][j] = dhidden[i][j] > 0 ? dhidden[i][j] : 0.0;

  /* copy the three intermediate gradients out */
  for (size_t i = 0; i < N; i++)
    {
      for (size_t k = 0; k < C; k++)
        gsl_matrix_set (g->dz2, i, k, dscores[i][k]);
      for (size_t j = 0; j < H; j++)
        {
          gsl_matrix_set (g->dp1, i, j, dhidden[i][j]);
          gsl_matrix_set (g->dz1, i, j, drelu[i][j]);
        }
    }

  /* parameter gradients */
  for (size_t j = 0; j < H; j++)
    for (size_t k = 0; k < C; k++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * dscores[i][k];
        gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }
  for (size_t k = 0; k < C; k++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += dscores[i][k];
      gsl_vector_set (g->db2, k, s);
    }
  for (size_t d = 0; d < D; d++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * drelu[i][j];
        gsl_matrix_set (g->dW1, d, j, s + 2 * reg * gsl_matrix_get (net->W1, d, j));
      }
  for (size_t j = 0; j < H; j++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += drelu[i][j];
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
