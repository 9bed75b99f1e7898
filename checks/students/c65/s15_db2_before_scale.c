/* backward pass.  One sweep over dz2 does the label correction and the
   bias sum at the same time; the 1/N comes at the end for the whole
   matrix. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 and db2 in one go */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      double *r = gsl_matrix_ptr (g->dz2, i, 0);
      r[y[i]] -= 1.0;
      for (j = 0; j < C; j++)
        g->db2->data[j * g->db2->stride] += r[j];
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                  g->dW2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    {
      const double *z = gsl_matrix_const_ptr (cache->z1, i, 0);
      const double *a = gsl_matrix_const_ptr (g->dp1, i, 0);
      double *o = gsl_matrix_ptr (g->dz1, i, 0);
      for (j = 0; j < H; j++)
        o[j] = z[j] > 0.0 ? a[j] : 0.0;
    }

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      const double *r = gsl_matrix_const_ptr (g->dz1, i, 0);
      for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] += r[j];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
