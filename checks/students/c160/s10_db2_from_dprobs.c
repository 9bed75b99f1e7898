/* backward.c -- backprop for the two-layer net, written with GSL BLAS.
 *
 *   dprobs  (N, C)   dL/dprob
 *   dscores (N, C)   dL/dz2 = dprobs through the softmax Jacobian
 *
 * the Jacobian diag(p) - p p^T is symmetric, so I use dsymv for it. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sum over the rows (the batch) */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t r, c;
  for (c = 0; c < A->size2; c++)
    {
      double t = 0;
      for (r = 0; r < A->size1; r++)
        t += gsl_matrix_get (A, r, c);
      gsl_vector_set (out, c, t);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dprobs = gsl_matrix_calloc (N, C);
  gsl_matrix *jac = gsl_matrix_alloc (C, C);
  gsl_matrix *dscores = g->dz2;

  for (i = 0; i < N; i++)
    gsl_matrix_set (dprobs, i, y[i],
                    -1.0 / (N * gsl_matrix_get (cache->prob, i, y[i])));

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view dp = gsl_matrix_row (dprobs, i);
      gsl_vector_view ds = gsl_matrix_row (dscores, i);

      gsl_matrix_set_zero (jac);
      for (j = 0; j < C; j++)
        gsl_matrix_set (jac, j, j, gsl_vector_get (&p.vector, j));
      gsl_blas_dsyr (CblasUpper, -1.0, &p.vector, jac);   /* jac -= p p^T */

      gsl_blas_dsymv (CblasUpper, 1.0, jac, &dp.vector, 0.0, &ds.vector);
    }

  /* b2 and W2 */
  sum_rows (dprobs, g->db2);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2.0 * reg, g->dW2);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double v = gsl_matrix_get (g->dp1, i, j);
        if (gsl_matrix_get (cache->z1, i, j) <= 0)
          v = 0;
        gsl_matrix_set (g->dz1, i, j, v);
      }

  /* b1 and W1 */
  sum_rows (g->dz1, g->db1);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_matrix_free (dprobs);
  gsl_matrix_free (jac);
  g->present = BP_GRADS_ALL;
  return 0;
}
