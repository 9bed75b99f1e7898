/* Backward pass, two-layer net.  I learnt this in Fortran/Matlab, so my
 * loops run from 1 to N and I subtract one when I index. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;

  /* dz2(i,k) = (prob(i,k) - [k = y(i)]) / N */
  for (i = 1; i <= N; i++)
    for (k = 1; k <= C; k++)
      {
        s = gsl_matrix_get (cache->prob, i - 1, k - 1);
        if (k - 1 == y[i - 1])
          s = s - 1.0;
        gsl_matrix_set (g->dz2, i - 1, k - 1, s / N);
      }

  /* dW2(j,k) = sum_i p1(i,j) dz2(i,k) + 2 reg W2(j,k) */
  for (j = 1; j <= H; j++)
    for (k = 1; k <= C; k++)
      {
        s = 0.0;
        for (i = 1; i <= N; i++)
          s = s + gsl_matrix_get (cache->p1, i - 1, j - 1)
                  * gsl_matrix_get (g->dz2, i - 1, k - 1);
        s = s + 2.0 * reg * gsl_matrix_get (net->W2, j - 1, k - 1);
        gsl_matrix_set (g->dW2, j - 1, k - 1, s);
      }

  /* db2(k) = sum_i dz2(i,k) */
  for (k = 1; k <= C; k++)
    {
      s = 0.0;
      for (i = 1; i <= N; i++)
        s = s + gsl_matrix_get (g->dz2, i - 1, k - 1);
      gsl_vector_set (g->db2, k - 1, s);
    }

  /* dp1(i,j) = sum_k dz2(i,k) W2(j,k) */
  for (i = 1; i <= N; i++)
    for (j = 1; j <= H; j++)
      {
        s = 0.0;
        for (k = 1; k <= C; k++)
          s = s + gsl_matrix_get (g->dz2, i - 1, k - 1)
                  * gsl_matrix_get (net->W2, j - 1, k - 1);
        gsl_matrix_set (g->dp1, i - 1, j - 1, s);
      }

  /* dz1(i,j) = dp1(i,j) if z1(i,j) > 0, else 0 */
  for (i = 1; i <= N; i++)
    for (j = 1; j <= H; j++)
      {
        if (gsl_matrix_get (cache->z1, i - 1, j - 1) > 0.0)
          s = gsl_matrix_get (g->dp1, i - 1, j - 1);
        else
          s = 0.0;
        gsl_matrix_set (g->dz1, i - 1, j - 1, s);
      }

  /* dW1(k,j) = sum_i X(i,k) dz1(i,j) + 2 reg W1(k,j) */
  for (k = 1; k <= D; k++)
    for (j = 1; j <= H; j++)
      {
        s = 0.0;
        for (i = 1; i <= N; i++)
          s = s + gsl_matrix_get (X, i - 1, k - 1)
                  * gsl_matrix_get (g->dz1, i - 1, j - 1);
        s = s + 2.0 * reg * gsl_matrix_get (net->W1, k - 1, j - 1);
        gsl_matrix_set (g->dW1, k - 1, j - 1, s);
      }

  /* db1(j) = sum_i dz1(i,j) */
  for (j = 1; j <= H; j++)
    {
      s = 0.0;
      for (i = 1; i <= N; i++)
        s = s + gsl_matrix_get (g->dz1, i - 1, j - 1);
      gsl_vector_set (g->db1, j - 1, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
