/*  Backward pass for the 2-layer net.
 *  Follows the numpy solution step by step (numpy in the comments).
 *  dscores / dhidden are aliases into g so nothing gets allocated.
 */
#include "backprop/net.h"
#include "backprop/grads.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  double *dscores = g->dz2->data;
  double *grads_b2 = g->db2->data;
  double *grads_b1 = g->db1->data;
  double *dhidden;
  size_t i, j;

  /* dscores = probs */
  gsl_matrix_memcpy (g->dz2, cache->prob);

  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    dscores[i * C + y[i]] -= 1.0;

  /* grads['b2'] = np.sum(dscores, axis=0) */
  for (j = 0; j < C; j++)
    grads_b2[j] = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      grads_b2[j] += dscores[i * C + j];

  /* dscores /= N */
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* dhidden = np.dot(dscores, W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);

  /* dhidden[hidden_layer <= 0] = 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  dhidden = g->dz1->data;
  for (i = 0; i < N * H; i++)
    if (cache->p1->data[i] <= 0.0)
      dhidden[i] = 0.0;

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                  2.0 * reg, g->dW1);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  for (j = 0; j < H; j++)
    grads_b1[j] = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      grads_b1[j] += dhidden[i * H + j];

  g->present = BP_GRADS_ALL;
  return 0;
}
