/* backward.c -- Assignment 3, backward pass of the two-layer net.
 *
 * Fill in the blocks marked TODO.  Do not change the signature.
 * Build:  make      Check:  make check
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
  double s;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* TODO: compute dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, k, v / N);
      }
  /* END TODO */

  /* TODO: compute dW2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }
  /* END TODO */

  /* TODO: compute db2 */
  for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }
  /* END TODO */

  /* TODO: compute dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }
  /* END TODO */

  /* TODO: compute dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }
  /* END TODO */

  /* TODO: compute dW1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, s + 2 * reg * gsl_matrix_get (net->W1, i, j));
      }
  /* END TODO */

  /* TODO: compute db1 */
  for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }
  /* END TODO */

  g->present = BP_GRADS_ALL;
  return 0;
}
