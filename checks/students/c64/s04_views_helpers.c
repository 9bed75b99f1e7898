/*
 * backward.c  (resubmission)
 *
 * Attempt 1 had one big function and the relu mask on the wrong thing.
 * Now split into helpers like the layers in the lecture notes.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* column sums of A into s */
static void
col_sums (const gsl_matrix *A, gsl_vector *s)
{
  size_t i;
  gsl_vector_set_zero (s);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (s, &r.vector);
    }
}

/* dW = A' dZ + 2 reg W,  db = colsum dZ */
static void
affine_params_back (const gsl_matrix *dZ, const gsl_matrix *A,
                    const gsl_matrix *W, double reg,
                    gsl_matrix *dW, gsl_vector *db)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
  col_sums (dZ, db);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N == 0)
    return 0;   /* nothing to do */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross entropy */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      gsl_vector_set (&r.vector, y[i], gsl_vector_get (&r.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);
#ifdef DEBUG
  fprintf (stderr, "dz2 row 0: %g %g\n", gsl_matrix_get (g->dz2, 0, 0),
           gsl_matrix_get (g->dz2, 0, 1));
#endif

  /* second affine */
  affine_params_back (g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: copy, then zero in place where z1 <= 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);   /* was g->dp1 in attempt 1 */

  /* first affine */
  affine_params_back (g->dz1, X, net->W1, reg, g->dW1, g->db1);

#ifdef DEBUG
  fprintf (stderr, "|dW1| = %g\n", gsl_blas_dnrm2 (g->db1));
#endif

  g->present = BP_GRADS_ALL;
  return 0;

  /* old db1 (before col_sums), kept for now */
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_view c = gsl_matrix_column (g->dz1, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&c.vector, i);
      gsl_vector_set (g->db1, j, s);
    }
  return 0;
}
