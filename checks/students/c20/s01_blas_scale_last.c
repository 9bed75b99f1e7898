/* backward.c  --  HW3 part 2, backward pass
 * Name: Priya R.
 *
 * Idea: do everything with the un-normalised (prob - onehot) and divide by N
 * once at the very end, so I don't have to remember the 1/N in 5 places.
 * The reg term goes on last, after the scaling (it's not a per-sample thing).
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores (unscaled) */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* layer 2 (unscaled) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* layer 1 (unscaled) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &row.vector);
    }

  /* NOW the 1/N, on everything (it's linear so this is the same thing) */
  double s = 1.0 / (double) N;
  gsl_matrix_scale (g->dz2, s);
  gsl_matrix_scale (g->dW2, s);
  gsl_vector_scale (g->db2, s);
  gsl_matrix_scale (g->dp1, s);
  gsl_matrix_scale (g->dz1, s);
  gsl_matrix_scale (g->dW1, s);
  gsl_vector_scale (g->db1, s);

  /* reg: d/dW of reg*|W|^2 = 2 reg W */
  gsl_matrix_scale (g->dW2, 1.0); /* (leftover) */
  {
    gsl_matrix *tmp = gsl_matrix_alloc (net->H, net->C);
    gsl_matrix_memcpy (tmp, net->W2);
    gsl_matrix_scale (tmp, 2.0 * reg);
    gsl_matrix_add (g->dW2, tmp);
    gsl_matrix_free (tmp);
  }
  {
    gsl_matrix *tmp = gsl_matrix_alloc (net->D, net->H);
    gsl_matrix_memcpy (tmp, net->W1);
    gsl_matrix_scale (tmp, 2.0 * reg);
    gsl_matrix_add (g->dW1, tmp);
    gsl_matrix_free (tmp);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
