/* backward.c  --  by Tomasz
 *
 * Accumulating over the samples, sample i contributes an outer product.
 * Printfs commented out (they were for comparing with my python numbers).
 */

#include <stdio.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---------- scores gradient ---------- */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          double t = (k == y[i]) ? 1.0 : 0.0;
          gsl_matrix_set (g->dz2, i, k, (gsl_matrix_get (cache->prob, i, k) - t) / (double) N);
        }
      /* printf ("dz2[%zu] = %f %f %f\n", i, gsl_matrix_get (g->dz2, i, 0),
                 gsl_matrix_get (g->dz2, i, 1), gsl_matrix_get (g->dz2, i, 2)); */
    }

  /* ---------- second layer: sum over samples ---------- */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
          {
            /* regularization included here */
            double upd = gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k)
                         + 2.0 * reg * gsl_matrix_get (net->W2, j, k);
            gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k) + upd);
          }
      for (k = 0; k < C; k++)
        gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + gsl_matrix_get (g->dz2, i, k));
    }
  /* printf ("dW2[0][0] = %f\n", gsl_matrix_get (g->dW2, 0, 0)); */

  /* ---------- hidden ---------- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? s : 0.0);
      }

  /* ---------- first layer ---------- */
  /* start from the regularization gradient, then add the samples */
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++)
      gsl_matrix_set (g->dW1, j, k, 2.0 * reg * gsl_matrix_get (net->W1, j, k));
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < D; j++)
        for (k = 0; k < H; k++)
          gsl_matrix_set (g->dW1, j, k, gsl_matrix_get (g->dW1, j, k)
                          + gsl_matrix_get (X, i, j) * gsl_matrix_get (g->dz1, i, k));
      for (k = 0; k < H; k++)
        gsl_vector_set (g->db1, k, gsl_vector_get (g->db1, k) + gsl_matrix_get (g->dz1, i, k));
    }
  /* printf ("dW1[0][0] = %f  db1[0] = %f\n", gsl_matrix_get (g->dW1, 0, 0), gsl_vector_get (g->db1, 0)); */

  g->present = BP_GRADS_ALL;
  return 0;
}
