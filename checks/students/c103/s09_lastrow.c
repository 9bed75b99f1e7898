/* backward.c -- backprop for the 2-layer net.
 *
 * Pointer version: walk the rows with a pointer per matrix, row stride tda.
 * gsl_blas for the three products.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  const double *z, *pr;
  double *d, *e;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    {
      pr = cache->prob->data + i * cache->prob->tda;
      d = g->dz2->data + i * g->dz2->tda;
      for (j = 0; j < C; j++)
        d[j] = pr[j] / N;
      d[y[i]] -= 1.0 / N;
    }

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* dp1, then dz1: copy and zero where the unit was off */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N - 1; i++)
    {
      z = cache->z1->data + i * cache->z1->tda;
      e = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        if (z[j] <= 0.0)
          e[j] = 0.0;
    }

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
