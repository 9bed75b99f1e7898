/* HW3 backward pass
 * Sam R.
 * Uses the in-place gsl calls wherever I could.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* max(0, .) in place, row by row */
static void
relu_inplace (gsl_matrix *A)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    {
      double *a = gsl_matrix_ptr (A, i, 0);
      for (j = 0; j < A->size2; j++)
        if (a[j] < 0.0)
          a[j] = 0.0;
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i;
  gsl_matrix *t;
  gsl_vector *one;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (P - Y)/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 */
  t = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (t, net->W2);
  gsl_matrix_scale (t, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, t);
  gsl_matrix_free (t);

  /* db2 = 1^T dz2 */
  one = gsl_vector_alloc (N);
  gsl_vector_set_all (one, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: back through the relu */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  relu_inplace (g->dz1);

  /* dW1 */
  t = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (t, net->W1);
  gsl_matrix_scale (t, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, t);
  gsl_matrix_free (t);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);
  gsl_vector_free (one);

  g->present = BP_GRADS_ALL;
  return 0;
}
