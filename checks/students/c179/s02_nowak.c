/* backward.c -- Anna Nowak, MSI lab 4
 * Wersja z BLAS-em (gsl_blas_dgemm), petle tylko tam gdzie trzeba. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* suma wierszy macierzy A (n x m) do wektora s (m) */
static void
suma_wierszy (const gsl_matrix *A, gsl_vector *s)
{
  size_t i;
  gsl_vector_set_zero (s);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view wiersz = gsl_matrix_const_row (A, i);
      gsl_vector_add (s, &wiersz.vector);
    }
}

/* gradient_wag = A^T * B + 2 * reg * W */
static void
gradient_wag (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
              double reg, gsl_matrix *gradient)
{
  gsl_matrix_memcpy (gradient, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 2.0 * reg, gradient);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2. dW2, 3. db2 */
  gradient_wag (cache->p1, g->dz2, net->W2, reg, g->dW2);
  suma_wierszy (g->dz2, g->db2);

  /* 4. dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 - maska z z1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double maska = gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, maska * gsl_matrix_get (g->dp1, i, j));
      }

  /* 6. dW1, 7. db1 */
  gradient_wag (X, g->dz1, net->W1, reg, g->dW1);
  suma_wierszy (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
