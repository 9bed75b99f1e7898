/* neural_net backward -- C version of my numpy code (hw1)
 *
 * arrays are flat row-major so A[i][j] is A[i*ncols + j].
 * transposes are handled by index order, no copies.
 */
#include <stddef.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, h, c, d;

  const double *probs = cache->prob->data;
  const double *hidden_layer = cache->p1->data;
  const double *W1 = net->W1->data;
  const double *W2 = net->W2->data;
  const double *Xd = X->data;

  double *dscores = g->dz2->data;
  double *grads_W2 = g->dW2->data;
  double *grads_b2 = g->db2->data;
  double *dhidden = g->dp1->data;
  double *dz1 = g->dz1->data;
  double *grads_W1 = g->dW1->data;
  double *grads_b1 = g->db1->data;

  /* dscores = probs */
  for (i = 0; i < N * C; i++)
    dscores[i] = probs[i];
  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    dscores[i * C + y[i]] -= 1.0;
  /* dscores /= N */
  for (i = 0; i < N * C; i++)
    dscores[i] /= (double) N;

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2
   *   hidden_layer.T is (H, N), dscores is (N, C) -> (H, C) */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double sum = 0.0;
        for (i = 0; i < N; i++)
          sum += hidden_layer[h * N + i] * dscores[i * C + c];
        grads_W2[h * C + c] = sum + 2.0 * reg * W2[h * C + c];
      }

  /* grads['b2'] = np.sum(dscores, axis=0) */
  for (c = 0; c < C; c++)
    grads_b2[c] = 0.0;
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      grads_b2[c] += dscores[i * C + c];

  /* dhidden = np.dot(dscores, W2.T)
   *   (N, C) x (C, H) -> (N, H);  W2.T[c][h] = W2[h][c] */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        double sum = 0.0;
        for (c = 0; c < C; c++)
          sum += dscores[i * C + c] * W2[h * C + c];
        dhidden[i * H + h] = sum;
      }

  /* dhidden[hidden_layer <= 0] = 0   (into dz1, dp1 stays as it is) */
  for (i = 0; i < N * H; i++)
    dz1[i] = hidden_layer[i] <= 0.0 ? 0.0 : dhidden[i];

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
   *   X.T[d][i] = X[i][d] */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double sum = 0.0;
        for (i = 0; i < N; i++)
          sum += Xd[i * D + d] * dz1[i * H + h];
        grads_W1[d * H + h] = sum + 2.0 * reg * W1[d * H + h];
      }

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  for (h = 0; h < H; h++)
    grads_b1[h] = 0.0;
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      grads_b1[h] += dz1[i * H + h];

  g->present = BP_GRADS_ALL;
  return 0;
}
