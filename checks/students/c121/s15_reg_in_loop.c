/* HW3: backward for the two layer network.
   Lukas Weber

   dW1 is accumulated sample by sample (X can be big, no temp matrix). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H;
  size_t n, d, h;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    *gsl_matrix_ptr (g->dz2, n, y[n]) -= 1;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2 * reg, g->dW2);

  /* db2 */
  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, n);
      gsl_vector_add (g->db2, &row.vector);
    }

  /* dp1, dz1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      if (!(gsl_matrix_get (cache->z1, n, h) > 0))
        gsl_matrix_set (g->dz1, n, h, 0.0);

  /* dW1 = sum over samples of x_n^T dz1_n, plus the reg */
  gsl_matrix_set_zero (g->dW1);
  for (n = 0; n < N; n++)
    {
      const double *xn = gsl_matrix_const_ptr (X, n, 0);
      const double *dzn = gsl_matrix_const_ptr (g->dz1, n, 0);
      for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
          *gsl_matrix_ptr (g->dW1, d, h) += xn[d] * dzn[h] + 2 * reg * gsl_matrix_get (net->W1, d, h);
    }

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz1, n);
      gsl_vector_add (g->db1, &row.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
