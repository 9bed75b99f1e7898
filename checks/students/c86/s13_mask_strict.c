/* backward.c  -- HW2 backward pass
 * translated from numpy; numpy statement in the comment before each loop.
 * boolean masks become char arrays. */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t n, k;
  char *dead;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* dscores = probs.copy() */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  /* dscores[np.arange(N), y] -= 1 */
  for (n = 0; n < N; n++)
    g->dz2->data[n * g->dz2->tda + y[n]] -= 1.0;
  /* dscores /= N */
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* ones = np.ones(N)   (for the sums) */
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* dW2 = hidden_layer.T @ dscores + 2 * reg * W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  /* db2 = dscores.sum(axis=0) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dhidden = dscores @ W2.T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dead = hidden_layer <= 0 */
  dead = malloc (N * H);
  for (n = 0; n < N; n++)
    for (k = 0; k < H; k++)
      dead[n * H + k] = gsl_matrix_get (cache->p1, n, k) < 0.0;
  /* dhidden[dead] = 0   (on a copy, so dp1 stays) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (k = 0; k < H; k++)
      if (dead[n * H + k])
        gsl_matrix_set (g->dz1, n, k, 0.0);

  /* dW1 = X.T @ dhidden + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  /* db1 = dhidden.sum(axis=0) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  free (dead);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
