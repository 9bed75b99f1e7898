/* backward.c
 * CS 2xx - HW2 - backprop for the two layer network
 * (the forward pass is given, I only did this file)
 */

#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N, D, H, C;
  int i, j, k;
  double val, sum;

  N = X->size1;
  D = net->D;
  H = net->H;
  C = net->C;

  /* 1. dz2 (N, C): derivative of the softmax loss.
   * for the correct class the derivative is p - 1, for the others it is p.
   * divided by N because the loss is the mean */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      val = gsl_matrix_get(cache->prob, i, j);
      if (j == (int) y[i])
        val = 1.0 - val;
      gsl_matrix_set(g->dz2, i, j, val / N);
      }
  }
  if (0) {
    for (j = 0; j < C; j++) printf("%f ", gsl_matrix_get(g->dz2, 0, j));
    printf("\n");
  }

  /* 2. dW2 (H, C) = p1^T * dz2 + 2*reg*W2 */
  for (i = 0; i < H; i++) {
    for (j = 0; j < C; j++) {
      sum = 0;
      for (k = 0; k < N; k++) {
        sum += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
      }
      gsl_matrix_set(g->dW2, i, j, sum + 2 * reg * gsl_matrix_get(net->W2, i, j));
    }
  }

  /* 3. db2 (C) = sum of dz2 over the samples */
  for (j = 0; j < C; j++) {
      sum = 0;
      for (k = 0; k < N; k++)
        sum += gsl_matrix_get(g->dz2, k, j);
      gsl_vector_set(g->db2, j, sum);
  }

  /* 4. dp1 (N, H) = dz2 * W2^T */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      sum = 0;
      for (k = 0; k < C; k++) {
        sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      }
      gsl_matrix_set(g->dp1, i, j, sum);
    }
  }

  /* 5. dz1 (N, H) */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) > 0)
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
      else
        gsl_matrix_set(g->dz1, i, j, 0);
    }
  }

  /* 6. dW1 (D, H) = X^T * dz1 + 2*reg*W1 */
  for (i = 0; i < D; i++) {
    for (j = 0; j < H; j++) {
      sum = 0;
      for (k = 0; k < N; k++) {
        sum += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
      }
      gsl_matrix_set(g->dW1, i, j, sum + 2 * reg * gsl_matrix_get(net->W1, i, j));
    }
  }

  /* 7. db1 (H) = sum of dz1 over the samples */
  for (j = 0; j < H; j++) {
      sum = 0;
      for (k = 0; k < N; k++)
        sum += gsl_matrix_get(g->dz1, k, j);
      gsl_vector_set(g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
