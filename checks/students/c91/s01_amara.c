/* backward.c -- Amara Okafor, assignment 2 (two-layer net)
 *
 * I compute the loss here too, so my training loop can print it
 * (last_loss).  Everything with plain loops, get/set. */

#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

double last_loss = 0.0;         /* read by my main() */

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double sum, mx, w, loss = 0.0;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ---------- forward part: softmax and the loss ---------- */
  for (i = 0; i < N; i++) {
    mx = gsl_matrix_get (cache->z2, i, 0);
    for (j = 1; j < C; j++)
      if (gsl_matrix_get (cache->z2, i, j) > mx)
        mx = gsl_matrix_get (cache->z2, i, j);
    sum = 0.0;
    for (j = 0; j < C; j++)
      sum += exp (gsl_matrix_get (cache->z2, i, j) - mx);
    /* probabilities go straight into dz2, I fix them up below */
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j,
                      exp (gsl_matrix_get (cache->z2, i, j) - mx) / sum);
    loss += -log (gsl_matrix_get (g->dz2, i, y[i]));
  }
  loss /= N;

  sum = 0.0;
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      w = gsl_matrix_get (net->W1, i, j);
      sum += w * w;
    }
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++) {
      w = gsl_matrix_get (net->W2, i, j);
      sum += w * w;
    }
  loss += reg * sum;
  last_loss = loss;

  /* ---------- backward part ---------- */

  /* dscores = (probs - 1{j == y_i}) / N */
  for (i = 0; i < N; i++) {
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (g->dz2, i, j) / N);
  }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      gsl_matrix_set (g->dW2, j, k,
                      sum + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
    }

  /* db2 = sum over the batch */
  for (k = 0; k < C; k++) {
    sum = 0.0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, sum);
  }

  /* dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (k = 0; k < C; k++)
        sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, sum);
    }

  /* relu lets the gradient through only where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      gsl_matrix_set (g->dW1, k, j,
                      sum + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
    }

  /* db1 */
  for (j = 0; j < H; j++) {
    sum = 0.0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
