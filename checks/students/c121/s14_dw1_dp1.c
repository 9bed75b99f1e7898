/* backward.c -- Assignment 3
 * Kofi Mensah
 *
 * One pass over the batch per layer; row pointers for everything.
 */

#include "backprop.h"

#define PTR(m, i, j) gsl_matrix_ptr ((m), (i), (j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, a, b;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* reg parts first, the data parts are added on below */
  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++)
      *PTR (g->dW2, a, b) = 2.0 * reg * gsl_matrix_get (net->W2, a, b);
  for (a = 0; a < D; a++)
    for (b = 0; b < H; b++)
      *PTR (g->dW1, a, b) = 2.0 * reg * gsl_matrix_get (net->W1, a, b);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  /* layer 2 */
  for (i = 0; i < N; i++)
    {
      double *dz = PTR (g->dz2, i, 0);
      double *dp = PTR (g->dp1, i, 0);
      const double *pr = gsl_matrix_const_ptr (cache->prob, i, 0);
      const double *h1 = gsl_matrix_const_ptr (cache->p1, i, 0);

      for (b = 0; b < C; b++)
        dz[b] = (pr[b] - (b == y[i] ? 1.0 : 0.0)) / N;
      for (a = 0; a < H; a++)
        {
          const double *w = gsl_matrix_const_ptr (net->W2, a, 0);
          double *dw = PTR (g->dW2, a, 0);
          dp[a] = 0.0;
          for (b = 0; b < C; b++)
            {
              dw[b] += h1[a] * dz[b];
              dp[a] += dz[b] * w[b];
            }
        }
      for (b = 0; b < C; b++)
        *gsl_vector_ptr (g->db2, b) += dz[b];
    }

  /* layer 1 */
  for (i = 0; i < N; i++)
    {
      const double *z = gsl_matrix_const_ptr (cache->z1, i, 0);
      const double *x = gsl_matrix_const_ptr (X, i, 0);
      double *dp = PTR (g->dp1, i, 0);
      double *dz = PTR (g->dz1, i, 0);

      for (a = 0; a < H; a++)
        {
          dz[a] = z[a] > 0.0 ? dp[a] : 0.0;
          *gsl_vector_ptr (g->db1, a) += dz[a];
        }
      for (a = 0; a < D; a++)
        {
          double *dw = PTR (g->dW1, a, 0);
          for (b = 0; b < H; b++)
            dw[b] += x[a] * dp[b];
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
