/* backward.c
 *
 * E = P - Y is kept unscaled and the 1/N goes into alpha of every BLAS call
 * (saves one pass over the matrix); dz2 itself is written at the end.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, D = net->D;
  double invN;
  gsl_matrix *E, *Y, *M, *T2, *T1;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  Y = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);

  E = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (E, cache->prob);
  gsl_matrix_sub (E, Y);                       /* E = P - Y */

  /* dW2 = 1/N p1' E + 2 reg W2 */
  T2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (T2, net->W2);
  gsl_matrix_scale (T2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, invN, cache->p1, E, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, T2);

  /* db2 = 1/N E' 1 */
  {
    gsl_vector *one = gsl_vector_alloc (N);
    gsl_vector_set_all (one, 1.0);
    gsl_blas_dgemv (CblasTrans, invN, E, one, 0.0, g->db2);
    gsl_vector_free (one);
  }

  /* dp1 = 1/N E W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, invN, E, net->W2, 0.0, g->dp1);

  /* mask: start from z1 and turn it into 0/1 in place */
  M = gsl_matrix_alloc (N, H);
  gsl_matrix_memcpy (M, cache->z1);
  for (i = 0; i < N; i++)
    {
      double *row = M->data + i * M->tda;
      for (j = 0; j < H; j++)
        row[j] = row[j] > 0.0 ? 1.0 : 0.0;
    }
  gsl_matrix_mul_elements (M, g->dp1);         /* M now holds dz1 */
  gsl_matrix_memcpy (g->dz1, M);

  /* dW1 = X' dz1 + 2 reg W1 */
  T1 = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (T1, net->W1);
  gsl_matrix_scale (T1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, T1);

  /* db1: add up the rows of dz1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  /* finally dz2 itself */
  gsl_matrix_memcpy (g->dz2, E);
  gsl_matrix_scale (g->dz2, invN);

  gsl_matrix_free (Y);
  gsl_matrix_free (E);
  gsl_matrix_free (M);
  gsl_matrix_free (T2);
  gsl_matrix_free (T1);
  g->present = BP_GRADS_ALL;
  return 0;
}
