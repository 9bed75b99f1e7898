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

  /* dL/dscores = (softmax - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = h' dscores + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2,
                  2.0 * reg, g->dW2);

  for (size_t c = 0; c < net->C; c++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, c);
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, c, s);
    }

  /* dhidden = dscores W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu backward */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, (z > 0.0) * gsl_matrix_get (g->dp1, i, j));
      }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (size_t j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
