/* ML Uebung -- Rueckwaertsdurchlauf
 * Autor: Gruppe 12
 * Alles mit gsl_matrix_get / gsl_matrix_set, BLAS kommt naechste Woche. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  const gsl_matrix *verborgene_schicht = cache->p1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dL/dz2 */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double t = (c == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c) - t) / N);
      }

  /* dL/dW2: Mittelwert ueber den Batch, plus Regularisierung */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double summe = 0.0;
        for (n = 0; n < N; n++)
          summe += gsl_matrix_get (verborgene_schicht, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, summe / N + 2 * reg * gsl_matrix_get (net->W2, h, c));
      }

  /* dL/db2 */
  for (c = 0; c < C; c++)
    {
      double summe = 0.0;
      for (n = 0; n < N; n++)
        summe += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, summe);
    }

  /* dL/dp1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double summe = 0.0;
        for (c = 0; c < C; c++)
          summe += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, summe);
      }

  /* dL/dz1 = dL/dp1, aber nur wo die ReLU aktiv war */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h,
                      gsl_matrix_get (cache->z1, n, h) > 0 ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  /* dL/dW1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double summe = 0.0;
        for (n = 0; n < N; n++)
          summe += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, summe + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }

  /* dL/db1 */
  for (h = 0; h < H; h++)
    {
      double summe = 0.0;
      for (n = 0; n < N; n++)
        summe += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, summe);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
