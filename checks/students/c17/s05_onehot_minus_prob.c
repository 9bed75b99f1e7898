/* Backprop for TwoLayerNet -- Dana Whitfield
 * (ported my numpy version to C/GSL; the numpy one passed the grad check)
 *
 * numpy:  dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N;
  size_t H = net->H;

  gsl_matrix *labels = gsl_matrix_calloc (N, net->C);
  gsl_matrix *active = gsl_matrix_alloc (N, H);
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  // one-hot of y
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (labels, n, y[n], 1.0);

  // dscores = (probs - onehot) / N
  gsl_matrix_sub (labels, cache->prob);
  gsl_matrix_memcpy (g->dz2, labels);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  // dW2 = h^T dscores + 2*reg*W2
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  // db2 = sum over samples
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  // dhidden = dscores W2^T
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // dhidden[h <= 0] = 0
  for (size_t n = 0; n < N; n++)
    for (size_t k = 0; k < H; k++)
      gsl_matrix_set (active, n, k, gsl_matrix_get (cache->z1, n, k) > 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, active);

  // dW1 = X^T dz1 + 2*reg*W1
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (labels);
  gsl_matrix_free (active);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
