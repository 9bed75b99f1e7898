/* backward.c
 * Krzysztof Wojciechowski, MSI 2024, grupa 1
 * Wzory z wykladu 6 (slajd 23), macierzowo przez gsl_blas_dgemm. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db = suma po wierszach macierzy bledu */
static void
gradient_biasu (const gsl_matrix *blad, gsl_vector *db)
{
  size_t i, j;
  for (j = 0; j < blad->size2; j++)
    {
      double suma = 0.0;
      for (i = 0; i < blad->size1; i++)
        suma += gsl_matrix_get (blad, i, j);
      gsl_vector_set (db, j, suma);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dL/dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dL/dW2, dL/db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gradient_biasu (g->dz2, g->db2);

  /* dL/dp1 = blad wyjscia razy W2 transponowane */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2,
                  0.0, g->dp1);

  /* dL/dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (!(gsl_matrix_get (cache->z1, i, j) > 0.0))
        gsl_matrix_set (g->dz1, i, j, 0.0);
      else
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));

  /* dL/dW1, dL/db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  gradient_biasu (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
