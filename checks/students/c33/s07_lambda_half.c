/* Two-layer net: backward pass.   ENG-322, assignment 2, Priya Raman
 *
 * The data term follows CS231n: dscores = (probs - onehot)/N, pushed back
 * through the affine layers with dgemm.  Regularisation: the course notes
 * write the penalty as 0.5 * reg * ||W||^2 so that its derivative is just
 * reg * W -- I keep that as a single constant `lam` and add lam * W. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  const double lam = reg;          /* d/dW of the L2 term is lam * W */
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* dscores = (probs - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1^T dscores + lam W2 (W2 copied first, lam as beta) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, lam, g->dW2);

  /* db2 = sum over samples */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dhidden = dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* back through the relu */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                                    ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1, then += lam W1 row by row */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (size_t d = 0; d < net->D; d++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W1, d);
      gsl_vector_view dw = gsl_matrix_row (g->dW1, d);
      gsl_blas_daxpy (lam, &w.vector, &dw.vector);
    }

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
