/* backward.c -- HW3 backprop
 *
 * uses row views, one sample at a time, easier to print a whole sample
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#ifdef DEBUG
static void
print_vec (const char *s, const gsl_vector *v)
{
  size_t k;
  printf ("%s:", s);
  for (k = 0; k < v->size; k++)
    printf (" %.5f", gsl_vector_get (v, k));
  printf ("\n");
}
#endif

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  double val;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2, one row per sample */
  for (i = 0; i < N; i++) {
    gsl_vector_const_view pr = gsl_matrix_const_row (cache->prob, i);
    gsl_vector_view dr = gsl_matrix_row (g->dz2, i);
    gsl_vector_memcpy (&dr.vector, &pr.vector);
    val = gsl_vector_get (&dr.vector, y[i]);
    gsl_vector_set (&dr.vector, y[i], val - 1.0);
    gsl_vector_scale (&dr.vector, 1.0 / N);
#ifdef DEBUG
    print_vec ("dz2 row", &dr.vector);
#endif
  }

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view dr = gsl_matrix_const_row (g->dz2, i);
    gsl_vector_add (g->db2, &dr.vector);
  }

  /* dp1 = dz2 . W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = copy of dp1 with the dead units zeroed */
#if 0
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0.0);
#endif
  for (i = 0; i < N; i++) {
    gsl_vector_const_view zr = gsl_matrix_const_row (cache->z1, i);
    for (j = 0; j < net->H; j++)
      if (gsl_vector_get (&zr.vector, j) <= 0)
        gsl_matrix_set (g->dp1, i, j, 0.0);
  }
  gsl_matrix_memcpy (g->dz1, g->dp1);
  /* printf ("dz1[0][0] = %f\n", gsl_matrix_get (g->dz1, 0, 0)); */

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view dr = gsl_matrix_const_row (g->dz1, i);
    gsl_vector_add (g->db1, &dr.vector);
  }
#ifdef DEBUG
  print_vec ("db1", g->db1);
#endif

  g->present = BP_GRADS_ALL;
  return 0;
}
