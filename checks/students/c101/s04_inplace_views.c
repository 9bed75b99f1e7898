/* backward.c -- Retake.  Everything in place in g, no extra matrices, the
 * TA said my old version allocated 9 matrices per call.
 *
 * NOTE to self: the loss in this course is reg*(|W1|^2+|W2|^2), NOT
 * 0.5*reg*...  I had 0.5 last year and lost the points.  So d/dW = 2 reg W.
 * (the lecture slides have 0.5, the README does not.  README wins.)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- dz2: start from prob, subtract one at the label, divide by N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    {
      double *p = gsl_matrix_ptr (g->dz2, n, y[n]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* ---- dW2: W2 first, then dgemm adds p1^T dz2 on top with beta = 2reg */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* ---- db2: add up the rows */
  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, n);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* ---- dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ---- dz1: copy dp1, then kill the dead units in place */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
        gsl_matrix_set (g->dz1, n, h, 0.0);

  /* ---- dW1, same trick as dW2 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* ---- db1: column sums of dz1 via a ones vector this time (dgemv) */
  {
    gsl_vector *ones = gsl_vector_alloc (N);
    if (ones == NULL)
      return 1;
    gsl_vector_set_all (ones, 1.0);
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_free (ones);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
