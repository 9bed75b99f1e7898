/* backward.c -- HW 3
 * X^T A written as a sum of outer products, one per sample:
 *     X^T A = sum_i x_i a_i^T      (gsl_blas_dger)
 * which is how I understood it on the board. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* M = 2 reg W + sum_i outer(row i of L, row i of R) */
static void
outer_sum (const gsl_matrix *L, const gsl_matrix *R, const gsl_matrix *W,
           double reg, gsl_matrix *M)
{
  size_t i;
  gsl_matrix_memcpy (M, W);
  gsl_matrix_scale (M, 2.0 * reg);
  for (i = 0; i < L->size1; i++)
    {
      gsl_vector_const_view l = gsl_matrix_const_row (L, i);
      gsl_vector_const_view r = gsl_matrix_const_row (R, i);
      gsl_blas_dger (1.0, &l.vector, &r.vector, M);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores */
  for (i = 0; i < N; i++)
    {
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / N);
    }

  outer_sum (cache->p1, g->dz2, net->W2, reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &d.vector);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu backward */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  outer_sum (X, g->dp1, net->W1, reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view d = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &d.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
