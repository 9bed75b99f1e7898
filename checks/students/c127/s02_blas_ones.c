/* Backward pass with BLAS.  In MATLAB I did  db = ones(1,m) * dscores,
 * so here db = dscores' * ones(m,1) with dgemv.  */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, i, j;
  gsl_vector *ones;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  ones = gsl_vector_alloc (m);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* dscores = (probs - Y) / m */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < m; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / m);

  /* dW2 = p1' * dscores + 2 reg W2   (beta = 2 reg, W2 copied in first) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 = ones(1,m) * dscores */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dhidden = dscores * W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* relu: pass where hidden > 0 (same as z1 > 0) */
  for (i = 0; i < m; i++)
    {
      gsl_vector_const_view hrow = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view drow = gsl_matrix_const_row (g->dp1, i);
      gsl_vector_view zrow = gsl_matrix_row (g->dz1, i);
      for (j = 0; j < net->H; j++)
        gsl_vector_set (&zrow.vector, j,
                        gsl_vector_get (&hrow.vector, j) > 0.0
                        ? gsl_vector_get (&drow.vector, j) : 0.0);
    }

  /* dW1 = X' * dhidden + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1 = ones(1,m) * dhidden */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
