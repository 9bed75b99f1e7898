/* backward.c  --  HW 3
 * name: Priya S.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t a, b, c;
  double sum;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* TODO: compute dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (a = 0; a < N; a++)
    gsl_matrix_set (g->dz2, a, y[a], gsl_matrix_get (g->dz2, a, y[a]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);
  /* END TODO */

  /* TODO: compute dW2 */
  for (b = 0; b < net->H; b++)
    for (c = 0; c < net->C; c++)
      {
        sum = 0.0;
        for (a = 0; a < N; a++)
          sum += gsl_matrix_get (cache->p1, a, b) * gsl_matrix_get (g->dz2, a, c);
        gsl_matrix_set (g->dW2, b, c, sum + 2.0 * reg * gsl_matrix_get (net->W2, b, c));
      }
  /* END TODO */

  /* TODO: compute db2 */
  for (c = 0; c < net->C; c++)
    {
      sum = 0.0;
      for (a = 0; a < N; a++)
        sum += gsl_matrix_get (g->dz2, a, c);
      gsl_vector_set (g->db2, c, sum);
    }
  /* END TODO */

  /* TODO: compute dp1 */
  for (a = 0; a < N; a++)
    {
      sum = 0.0;
      for (b = 0; b < net->H; b++)
        {
          for (c = 0; c < net->C; c++)
            sum += gsl_matrix_get (g->dz2, a, c) * gsl_matrix_get (net->W2, b, c);
          gsl_matrix_set (g->dp1, a, b, sum);
        }
    }
  /* END TODO */

  /* TODO: compute dz1 */
  for (a = 0; a < N; a++)
    for (b = 0; b < net->H; b++)
      {
        if (gsl_matrix_get (cache->z1, a, b) > 0)
          gsl_matrix_set (g->dz1, a, b, gsl_matrix_get (g->dp1, a, b));
        else
          gsl_matrix_set (g->dz1, a, b, 0.0);
      }
  /* END TODO */

  /* TODO: compute dW1 */
  for (b = 0; b < net->D; b++)
    for (c = 0; c < net->H; c++)
      {
        sum = 0.0;
        for (a = 0; a < N; a++)
          sum += gsl_matrix_get (X, a, b) * gsl_matrix_get (g->dz1, a, c);
        gsl_matrix_set (g->dW1, b, c, sum + 2.0 * reg * gsl_matrix_get (net->W1, b, c));
      }
  /* END TODO */

  /* TODO: compute db1 */
  for (c = 0; c < net->H; c++)
    {
      sum = 0.0;
      for (a = 0; a < N; a++)
        sum += gsl_matrix_get (g->dz1, a, c);
      gsl_vector_set (g->db1, c, sum);
    }
  /* END TODO */

  g->present = BP_GRADS_ALL;
  return 0;
}
