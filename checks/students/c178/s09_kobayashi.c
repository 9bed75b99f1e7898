/* Report 3: backward.c
 * Kobayashi Daiki (2251033)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t nD = net->D, nH = net->H, nC = net->C;
  size_t n, h, c, d;
  double heikin = 1.0 / N;

  if (N != cache->N || X->size2 != nD || g->N != N)
    return 1;

  /* dz2 = (prob - onehot) / N */
  for (n = 0; n < N; n++)
    for (c = 0; c < nC; c++)
      {
        double onehot = (c == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, c,
                        heikin * (gsl_matrix_get (cache->prob, n, c) - onehot));
      }

  /* dW2 = p1' dz2 + 2 reg W2,  db2 = sum_n dz2 */
  for (h = 0; h < nH; h++)
    for (c = 0; c < nC; c++)
      {
        double acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c,
                        acc + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
      }
  for (c = 0; c < nC; c++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: relu backward, only the positive part goes through */
  for (n = 0; n < N; n++)
    for (h = 0; h < nH; h++)
      {
        double gosa = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h, gosa > 0.0 ? gosa : 0.0);
      }

  /* dW1 = X' dz1 + 2 reg W1,  db1 = sum_n dz1 */
  for (d = 0; d < nD; d++)
    for (h = 0; h < nH; h++)
      {
        double acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h,
                        acc + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }
  for (h = 0; h < nH; h++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
