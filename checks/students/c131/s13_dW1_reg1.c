/* Backward pass -- Aufgabe 4.2
 * Elias Wolf
 *
 * Layer 2 with BLAS, layer 1 written out by hand (wanted to see the
 * index structure once).
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H;
  size_t n, d, h;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* --- layer 2 --- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    {
      double *row = gsl_matrix_ptr (g->dz2, n, 0);
      row[y[n]] -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  {
    gsl_vector *ones = gsl_vector_alloc (N);
    if (ones == NULL)
      return 1;
    gsl_vector_set_all (ones, 1.0);
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
    gsl_vector_free (ones);
  }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* --- layer 1 --- */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double dp = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0 ? dp : 0);
      }

  /* dW1[d][h] = sum_n X[n][d] dz1[n][h]  +  d/dW1 (reg * W1^2) */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        acc += reg * gsl_matrix_get (net->W1, d, h);
        gsl_matrix_set (g->dW1, d, h, acc);
      }

  for (h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
