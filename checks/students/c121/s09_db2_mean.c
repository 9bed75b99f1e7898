/* Two layer net -- backward pass (HW3)
 *
 * z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, L = mean CE + reg(|W1|^2+|W2|^2)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, h;
  double *dz2_row, *dz1_row;
  const double *z1_row;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- output layer ---- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    {
      dz2_row = gsl_matrix_ptr (g->dz2, n, 0);
      dz2_row[y[n]] -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* db2 is the average of dz2 over the batch */
  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, n);
      gsl_vector_add (g->db2, &r.vector);
    }
  gsl_vector_scale (g->db2, 1.0 / N);

  /* ---- hidden layer ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    {
      z1_row = gsl_matrix_const_ptr (cache->z1, n, 0);
      dz1_row = gsl_matrix_ptr (g->dz1, n, 0);
      for (h = 0; h < net->H; h++)
        dz1_row[h] *= (z1_row[h] > 0);
    }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, n);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
