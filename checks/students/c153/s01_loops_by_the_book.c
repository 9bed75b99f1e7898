/* backward.c -- Assignment 2 part 3, backward pass of the two layer net.
 * I copied the template and filled in the TODOs with plain loops, the
 * comments with # are the ones from the notebook so I know which is which.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // # Compute the gradient of the loss w.r.t. the scores
  // # dscores = probs; dscores[range(N), y] -= 1; dscores /= N
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      double p = gsl_matrix_get(cache->prob, i, j);
      if (j == y[i])
        p = p - 1.0;
      gsl_matrix_set(g->dz2, i, j, p / N);
    }
  }

  // # Backprop into W2 and b2
  // # dW2 = h1.T.dot(dscores) + 2 * reg * W2
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
      sum += 2 * reg * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dW2, j, k, sum);
    }
  }

  // # db2 = np.sum(dscores, axis=0)
  for (k = 0; k < C; k++) {
    double sum = 0.0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get(g->dz2, i, k);
    gsl_vector_set(g->db2, k, sum);
  }

  // # Backprop into the hidden layer
  // # dhidden = dscores.dot(W2.T)
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double sum = 0.0;
      for (k = 0; k < C; k++)
        sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dp1, i, j, sum);
    }
  }

  // # Backprop the ReLU non-linearity
  // # dhidden[hidden_layer <= 0] = 0
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) <= 0)
        gsl_matrix_set(g->dz1, i, j, 0.0);
      else
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
    }
  }

  // # Finally into W and b
  // # dW1 = X.T.dot(dhidden) + 2 * reg * W1
  for (k = 0; k < D; k++) {
    for (j = 0; j < H; j++) {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
      gsl_matrix_set(g->dW1, k, j, sum + 2 * reg * gsl_matrix_get(net->W1, k, j));
    }
  }

  // # db1 = np.sum(dhidden, axis=0)
  for (j = 0; j < H; j++) {
    double sum = 0.0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, sum);
  }

  /* Tell gradcheck which gradients hold values: all seven. */
  g->present = BP_GRADS_ALL;
  return 0;
}
