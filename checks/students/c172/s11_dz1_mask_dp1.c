/* backward.c -- Assignment 2, two-layer net: backward pass
 *
 *   forward:  z1 = X W1 + b1,  p1 = max(0, z1),  z2 = p1 W2 + b2
 *   backward: the same steps in reverse, shapes as noted at each step.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* y_out (M) = A' 1, the column sums of A (N, M) */
static int
column_sums (const gsl_matrix *A, gsl_vector *y_out)
{
  gsl_vector *u = gsl_vector_alloc (A->size1);
  if (u == NULL)
    return 1;
  gsl_vector_set_all (u, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, u, 0.0, y_out);
  gsl_vector_free (u);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  int status = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross-entropy: dz2 (N, C) = (prob - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* second affine: dW2 (H, C), db2 (C), dp1 (N, H) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  status |= column_sums (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);

  /* relu backward: dz1 (N, H) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, GSL_MAX (0.0, gsl_matrix_get (g->dp1, i, j)));

  /* first affine: dW1 (D, H), db1 (H) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                  2.0 * reg, g->dW1);
  status |= column_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return status;
}
