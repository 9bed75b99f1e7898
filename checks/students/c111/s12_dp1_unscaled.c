/* backward.c -- HW4
 * recompute probs from the scores (don't use cache->prob), then
 *   dscores = probs; dscores[y] -= 1; dscores /= N
 * and push it back through the layers. */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  gsl_matrix *dscores;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dscores = gsl_matrix_alloc (N, C);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z2, i);
      gsl_vector_view p = gsl_matrix_row (dscores, i);
      double mx = gsl_vector_max (&z.vector), tot = 0.0;
      for (j = 0; j < C; j++)
        {
          gsl_vector_set (&p.vector, j, exp (gsl_vector_get (&z.vector, j) - mx));
          tot += gsl_vector_get (&p.vector, j);
        }
      gsl_vector_scale (&p.vector, 1.0 / tot);
      gsl_vector_set (&p.vector, y[i], gsl_vector_get (&p.vector, y[i]) - 1.0);
    }

  /* gradient into the hidden layer: dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

  /* average over the batch */
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_free (dscores);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* relu backward, in place on a copy of dp1 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (!(gsl_matrix_get (cache->z1, i, j) > 0.0))
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
