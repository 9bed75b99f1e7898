/* backward.c -- Assignment 3 backprop
 * R. Alvarez
 *
 * TODO blocks filled in.  The loss is averaged over the batch so every
 * gradient that goes back through the samples has a 1/N.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double tmp;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* TODO: compute dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        tmp = gsl_matrix_get (cache->prob, i, k);
        if (y[i] == k)
          tmp -= 1.0;
        gsl_matrix_set (g->dz2, i, k, tmp / N);
      }
  /* END TODO */

  /* TODO: compute dW2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        tmp = 0.0;
        for (i = 0; i < N; i++)
          tmp += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, tmp + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }
  /* END TODO */

  /* TODO: compute db2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + gsl_matrix_get (g->dz2, i, k));
  /* END TODO */

  /* TODO: compute dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        tmp = 0.0;
        for (k = 0; k < C; k++)
          tmp += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, tmp / N);
      }
  /* END TODO */

  /* TODO: compute dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        tmp = gsl_matrix_get (g->dp1, i, j);
        if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
          tmp = 0.0;
        gsl_matrix_set (g->dz1, i, j, tmp);
      }
  /* END TODO */

  /* TODO: compute dW1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        tmp = 0.0;
        for (k = 0; k < N; k++)
          tmp += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, tmp + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }
  /* END TODO */

  /* TODO: compute db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + gsl_matrix_get (g->dz1, i, j));
  /* END TODO */

  g->present = BP_GRADS_ALL;
  return 0;
}
