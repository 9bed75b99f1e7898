/* backward.c -- my backward pass, everything written straight into g.
 * numpy did "dscores = probs" and then modified dscores in place; here
 * g->dz2 plays dscores (a COPY of prob, the cache is const). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;
  gsl_matrix *dscores = g->dz2;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++) {
    double *p = gsl_matrix_ptr (dscores, i, y[i]);
    *p -= 1.0;
  }
  gsl_matrix_scale (dscores, 1.0 / (double) N);

  /* dW2 = hidden.T @ dscores + 2 reg W2 : start from W2 and let dgemm
   * do the rest with beta = 2 reg */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                  2.0 * reg, g->dW2);

  /* db2 = np.ones(N) @ dscores  (same as the sum over axis 0) */
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dscores, ones, 0.0, g->db2);

  /* dhidden = dscores @ W2.T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                  g->dp1);

  /* dhidden[z1 <= 0] = 0, on a copy so that dp1 stays what it was */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X.T @ dhidden + 2 reg W1, same trick as dW2 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1 = np.ones(N) @ dhidden */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
