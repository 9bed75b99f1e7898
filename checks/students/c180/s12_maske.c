/* Odev 2 -- Backpropagation
 * Oguzhan Polat
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* softmax loss gradient */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double t = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          t -= 1.0;
        gsl_matrix_set (g->dz2, i, k, t / (double) N);
      }

  /* output layer: dW2, db2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double toplam = 0.0;
        for (i = 0; i < N; i++)
          toplam += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, toplam + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }
  for (k = 0; k < C; k++)
    {
      double toplam = 0.0;
      for (i = 0; i < N; i++)
        toplam += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, toplam);
    }

  /* hidden layer */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double toplam = 0.0;
        for (k = 0; k < C; k++)
          toplam += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, toplam);
      }

  /* ReLU: max(0, x) -> the gradient is kept only where it is positive */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double gd = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, gd > 0.0 ? gd : 0.0);
      }

  /* input layer: dW1, db1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double toplam = 0.0;
        for (i = 0; i < N; i++)
          toplam += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, toplam + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }
  for (j = 0; j < H; j++)
    {
      double toplam = 0.0;
      for (i = 0; i < N; i++)
        toplam += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, toplam);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
