/* backward.c -- two layer net, backward pass
 *
 * Like the numpy: dhidden is computed, masked IN PLACE, and then used for
 * W1 and b1.  dhidden lives in g->dp1 so no extra buffer is needed; dz1
 * is the same array after the mask so it is just copied over.
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double *dscores = g->dz2->data;
  double *dhidden = g->dp1->data;
  const double *hidden_layer = cache->p1->data;

  /* dscores = probs */
  memcpy (dscores, cache->prob->data, N * C * sizeof *dscores);
  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    dscores[i * C + y[i]] -= 1.0;
  /* dscores /= N */
  for (i = 0; i < N * C; i++)
    dscores[i] /= N;

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      g->db2->data[j] += dscores[i * C + j];

  /* dhidden = np.dot(dscores, W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dhidden[hidden_layer <= 0] = 0 */
  for (i = 0; i < N * H; i++)
    if (hidden_layer[i] <= 0)
      dhidden[i] = 0;
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      g->db1->data[j] += dhidden[i * H + j];

  g->present = BP_GRADS_ALL;
  return 0;
}
