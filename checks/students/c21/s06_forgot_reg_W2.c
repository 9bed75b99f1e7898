/* backward.c
 * Student: A. Ferreira
 *
 * Followed the derivation from the lecture notes step by step.
 * Loss L = (1/N) sum_i -log p_{i,y_i} + reg (||W1||^2 + ||W2||^2)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t n, a, b;
  double sum;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* (1) dL/dz2 = (p - e_y)/N */
  for (n = 0; n < N; n++)
    for (b = 0; b < C; b++)
      {
        double delta = (b == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, b, (gsl_matrix_get (cache->prob, n, b) - delta) / N);
      }

  /* (2) dL/dW2_{ab} = sum_n p1_{na} dz2_{nb} */
  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++)
      {
        sum = 0.0;
        for (n = 0; n < N; n++)
          sum += gsl_matrix_get (cache->p1, n, a) * gsl_matrix_get (g->dz2, n, b);
        gsl_matrix_set (g->dW2, a, b, sum);
      }

  /* (3) dL/db2_b = sum_n dz2_{nb} */
  for (b = 0; b < C; b++)
    {
      sum = 0.0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz2, n, b);
      gsl_vector_set (g->db2, b, sum);
    }

  /* (4) dL/dp1_{na} = sum_b dz2_{nb} W2_{ab} */
  for (n = 0; n < N; n++)
    for (a = 0; a < H; a++)
      {
        sum = 0.0;
        for (b = 0; b < C; b++)
          sum += gsl_matrix_get (g->dz2, n, b) * gsl_matrix_get (net->W2, a, b);
        gsl_matrix_set (g->dp1, n, a, sum);
      }

  /* (5) dL/dz1 = dL/dp1 * H(z1) */
  for (n = 0; n < N; n++)
    for (a = 0; a < H; a++)
      gsl_matrix_set (g->dz1, n, a,
                      gsl_matrix_get (cache->z1, n, a) > 0.0
                      ? gsl_matrix_get (g->dp1, n, a) : 0.0);

  /* (6) dL/dW1_{da} = sum_n X_{nd} dz1_{na} + 2 reg W1_{da} */
  for (a = 0; a < D; a++)
    for (b = 0; b < H; b++)
      {
        sum = 0.0;
        for (n = 0; n < N; n++)
          sum += gsl_matrix_get (X, n, a) * gsl_matrix_get (g->dz1, n, b);
        gsl_matrix_set (g->dW1, a, b, sum + 2.0 * reg * gsl_matrix_get (net->W1, a, b));
      }

  /* (7) dL/db1 = sum_n dz1 */
  for (b = 0; b < H; b++)
    {
      sum = 0.0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz1, n, b);
      gsl_vector_set (g->db1, b, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
