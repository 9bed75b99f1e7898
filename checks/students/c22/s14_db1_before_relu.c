/* backward.c - 2 layer net backward pass (assignment 3)
 * Author: Fatima Al-Sayed
 *
 * I grouped things by what they read from: first everything that needs
 * dscores, then everything that needs dhidden.
 */

#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* np.sum(A, axis=0) into out */
static void
sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector_set_zero (out);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      out->data[j * out->stride] += gsl_matrix_get (A, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---------- things from dscores ---------- */
  gsl_matrix *dscores = g->dz2;
  gsl_matrix_memcpy (dscores, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (dscores, i, y[i]) -= 1.0;
  gsl_matrix_scale (dscores, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 1.0, g->dW2);
  sum_axis0 (dscores, g->db2);

  gsl_matrix *dhidden = g->dp1;
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

  /* ---------- things from dhidden ---------- */
  sum_axis0 (dhidden, g->db1);

  /* through the relu: zero where the unit was off */
  gsl_matrix_memcpy (g->dz1, dhidden);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
