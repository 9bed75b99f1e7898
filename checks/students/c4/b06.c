/* backward pass with BLAS for the products */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  /* scores gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], p - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* second layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  {
    gsl_matrix *tmp = gsl_matrix_alloc (net->H, net->C);
    gsl_matrix_memcpy (tmp, net->W2);
    gsl_matrix_scale (tmp, 2.0 * reg);
    gsl_matrix_add (g->dW2, tmp);
    gsl_matrix_free (tmp);
  }
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ReLU: negative values are set to 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double v = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, v > 0 ? v : 0.0);
      }

  /* first layer */
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
