/* backward.c - two layer net, backward
 * Notes to self:
 *   - everything row-major, one sample per row
 *   - DEBUG prints row sums, prob rows should sum to 1
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  double tmp, tmp2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

#ifdef DEBUG
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r1 = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_const_view r2 = gsl_matrix_const_row (cache->z2, i);
      fprintf (stderr, "row %zu: sum prob %g  sum z2 %g\n", i,
               gsl_vector_sum (&r1.vector), gsl_vector_sum (&r2.vector));
    }
#endif

  /* copy the probabilities, take 1 off at the correct class, / N */
  gsl_matrix_memcpy (g->dz2, cache->z2);
  for (i = 0; i < N; i++)
    {
      tmp = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], tmp - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  /* printf ("dz2[0][0] %f\n", gsl_matrix_get (g->dz2, 0, 0)); */

  /* W2 and b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (j = 0; j < net->C; j++)
    {
      tmp2 = 0.0;
      for (i = 0; i < N; i++)
        tmp2 += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, tmp2);
    }

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        tmp = gsl_matrix_get (g->dp1, i, j);
        tmp2 = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, tmp2 > 0 ? tmp : 0.0);
      }

  /* W1 and b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (j = 0; j < net->H; j++)
    {
      tmp2 = 0.0;
      for (i = 0; i < N; i++)
        tmp2 += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, tmp2);
    }
#ifdef DEBUG
  fprintf (stderr, "db1[0] %g  dW1[0][0] %g\n", gsl_vector_get (g->db1, 0),
           gsl_matrix_get (g->dW1, 0, 0));
#endif

  g->present = BP_GRADS_ALL;
  return 0;
}
