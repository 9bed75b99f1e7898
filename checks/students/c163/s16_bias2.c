/*
 *  backward.c   (HW 3)
 *  gradients of the mean loss, so every sum over the batch gets a 1/N
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
  size_t i, j;
  gsl_matrix *tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (P - Y) / N */
  for (i = 0; i < N; i++) {
    gsl_vector_const_view src = gsl_matrix_const_row (cache->prob, i);
    gsl_vector_view dst = gsl_matrix_row (g->dz2, i);
    gsl_vector_memcpy (&dst.vector, &src.vector);
    *gsl_vector_ptr (&dst.vector, y[i]) -= 1.0;
  }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1' dz2 + 2 reg W2 */
  tmp = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (tmp, net->W2);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);

  /* db2 = mean of dz2 over the batch */
  for (j = 0; j < net->C; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += gsl_matrix_get (g->dz2, i, j);
    gsl_vector_set (g->db2, j, s / N);
  }

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, (gsl_matrix_get (cache->z1, i, j) > 0)
                      * gsl_matrix_get (g->dp1, i, j));

  /* dW1 = X' dz1 + 2 reg W1 */
  tmp = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (tmp, net->W1);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, tmp);
  gsl_matrix_free (tmp);

  /* db1 */
  for (j = 0; j < net->H; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
