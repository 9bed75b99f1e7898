/* cs231n a1 -- two_layer_net, backward pass in C
 * translated line by line from the numpy solution
 *
 * I don't trust the cached probs (python version had an overflow once
 * before I added the max shift) so the softmax is recomputed here from
 * the scores, with the max subtracted like in the notebook.
 *
 * NOTE: old handout had  0.5 * reg * sum(W*W)  -> grad reg*W.
 *       this one is  reg * sum(W*W)  -> grad 2*reg*W.  checked twice.
 */
#include <math.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  /* W1, b1 = self.params['W1'], self.params['b1']  (etc) */
  const double *W1 = net->W1->data;
  const double *W2 = net->W2->data;
  const double *Xd = X->data;
  const double *scores = cache->z2->data;
  const double *hidden_layer = cache->p1->data;

  double *dscores = g->dz2->data;
  double *grads_W2 = g->dW2->data;
  double *grads_b2 = g->db2->data;
  double *dhidden = g->dp1->data;
  double *dhidden_masked = g->dz1->data;
  double *grads_W1 = g->dW1->data;
  double *grads_b1 = g->db1->data;

  /* scores -= np.max(scores, axis=1, keepdims=True)
   * exp_scores = np.exp(scores)
   * probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
   * dscores = probs                                                  */
  for (i = 0; i < N; i++)
    {
      double mx = scores[i * C];
      double sum = 0.0;
      for (j = 1; j < C; j++)
        if (scores[i * C + j] > mx)
          mx = scores[i * C + j];
      for (j = 0; j < C; j++)
        {
          dscores[i * C + j] = exp (scores[i * C + j] - mx);
          sum += dscores[i * C + j];
        }
      for (j = 0; j < C; j++)
        dscores[i * C + j] /= sum;
    }

  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    dscores[i * C + y[i]] -= 1.0;

  /* dscores /= N */
  for (k = 0; k < N * C; k++)
    dscores[k] /= (double) N;

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double acc = 2.0 * reg * W2[j * C + k];
        for (i = 0; i < N; i++)
          acc += hidden_layer[i * H + j] * dscores[i * C + k];
        grads_W2[j * C + k] = acc;
      }

  /* grads['b2'] = np.sum(dscores, axis=0) */
  for (k = 0; k < C; k++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += dscores[i * C + k];
      grads_b2[k] = acc;
    }

  /* dhidden = np.dot(dscores, W2.T) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < C; k++)
          acc += dscores[i * C + k] * W2[j * C + k];
        dhidden[i * H + j] = acc;
      }

  /* dhidden[hidden_layer <= 0] = 0
   * (python does it in place -- here into the dz1 buffer, dp1 keeps the
   *  raw values because it is checked separately) */
  memcpy (dhidden_masked, dhidden, N * H * sizeof (double));
  for (k = 0; k < N * H; k++)
    if (hidden_layer[k] <= 0.0)
      dhidden_masked[k] = 0.0;

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < N; k++)
          acc += Xd[k * D + i] * dhidden_masked[k * H + j];
        grads_W1[i * H + j] = acc + 2.0 * reg * W1[i * H + j];
      }

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  for (j = 0; j < H; j++)
    grads_b1[j] = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      grads_b1[j] += dhidden_masked[i * H + j];

  g->present = BP_GRADS_ALL;
  return 0;
}
