/* two layer net -- backward (C port of the numpy solution)
 *
 * speed-up over the straight port: b1 is summed inside the W1 loop so
 * dhidden is only read once.  (TODO do the same for b2/W2)
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  const double *probs = cache->prob->data;
  const double *hidden_layer = cache->p1->data;
  const double *W1 = net->W1->data, *W2 = net->W2->data;

  double *dscores = g->dz2->data;
  double *grads_W2 = g->dW2->data, *grads_b2 = g->db2->data;
  double *dhidden = g->dz1->data;
  double *grads_W1 = g->dW1->data, *grads_b1 = g->db1->data;

  /* dscores = probs
   * dscores[range(N), y] -= 1
   * dscores /= N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      dscores[i * C + k] = probs[i * C + k];
  for (i = 0; i < N; i++)
    dscores[i * C + y[i]] -= 1;
  for (i = 0; i < N * C; i++)
    dscores[i] *= 1.0 / N;

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double acc = 0;
        for (i = 0; i < N; i++)
          acc += hidden_layer[i * H + j] * dscores[i * C + k];
        grads_W2[j * C + k] = acc + 2 * reg * W2[j * C + k];
      }

  /* grads['b2'] = np.sum(dscores, axis=0) */
  for (k = 0; k < C; k++)
    {
      grads_b2[k] = 0;
      for (i = 0; i < N; i++)
        grads_b2[k] += dscores[i * C + k];
    }

  /* dhidden = np.dot(dscores, W2.T) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0;
        for (k = 0; k < C; k++)
          acc += dscores[i * C + k] * W2[j * C + k];
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* dhidden[hidden_layer <= 0] = 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      dhidden[i * H + j] = hidden_layer[i * H + j] > 0
                           ? gsl_matrix_get (g->dp1, i, j) : 0;

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
   * grads['b1'] = np.sum(dhidden, axis=0)              (same pass) */
  for (j = 0; j < H; j++)
    grads_b1[j] = 0;
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double acc = 0;
        for (i = 0; i < N; i++)
          {
            acc += gsl_matrix_get (X, i, k) * dhidden[i * H + j];
            grads_b1[j] += dhidden[i * H + j];
          }
        grads_W1[k * H + j] = acc + 2 * reg * W1[k * H + j];
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
