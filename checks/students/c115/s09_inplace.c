/* backward.c
 *
 * Two-layer net, backward.  Uses views everywhere so nothing is copied
 * entry by entry.  dz1 is done in place: copy dp1, then gate each row.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

#define W2(i, j) gsl_matrix_get (net->W2, (i), (j))
#define W1(i, j) gsl_matrix_get (net->W1, (i), (j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  double dot;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2, db2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      {
        gsl_vector_const_view hcol = gsl_matrix_const_column (cache->p1, i);
        gsl_vector_view gcol = gsl_matrix_column (g->dz2, j);
        gsl_blas_ddot (&hcol.vector, &gcol.vector, &dot);
        gsl_matrix_set (g->dW2, i, j, dot + 2.0 * reg * W2 (i, j));
      }
  for (j = 0; j < C; j++)
    {
      gsl_vector_view gcol = gsl_matrix_column (g->dz2, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&gcol.vector));
    }

  /* dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        gsl_vector_view grow = gsl_matrix_row (g->dz2, i);
        gsl_vector_const_view wrow = gsl_matrix_const_row (net->W2, j);
        gsl_blas_ddot (&grow.vector, &wrow.vector, &dot);
        gsl_matrix_set (g->dp1, i, j, dot);
      }

  /* dz1: p1 is zero exactly where the relu was off, so multiplying by
     the row of p1 gates the gradient */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view drow = gsl_matrix_row (g->dz1, i);
      gsl_vector_const_view prow = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_mul (&drow.vector, &prow.vector);
    }

  /* dW1, db1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        gsl_vector_const_view xcol = gsl_matrix_const_column (X, i);
        gsl_vector_view dcol = gsl_matrix_column (g->dz1, j);
        gsl_blas_ddot (&xcol.vector, &dcol.vector, &dot);
        gsl_matrix_set (g->dW1, i, j, dot + 2.0 * reg * W1 (i, j));
      }
  for (j = 0; j < H; j++)
    {
      gsl_vector_view dcol = gsl_matrix_column (g->dz1, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&dcol.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
