/* backward.c -- Module 4 project: backprop for the two layer net
 * Author: Amara O.
 *
 * I followed the lecture notes step by step. Every gradient is computed
 * with plain for loops and gsl_matrix_get / gsl_matrix_set because that
 * is what we did in the live session. It is slow but I can read it.
 *
 * Shapes (copied from the template):
 *   dz2 (N, C)  dW2 (H, C)  db2 (C)  dp1 (N, H)
 *   dz1 (N, H)  dW1 (D, H)  db1 (H)
 */

#include <stdio.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N, D, H, C;
  size_t i, j, k;
  double sum;
  double temp;

  N = X->size1;
  D = net->D;
  H = net->H;
  C = net->C;

  /* safety check from the template, do not remove */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- STEP 1: dz2 = (prob - onehot(y)) / N ---- */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      temp = gsl_matrix_get(cache->prob, i, j);
      if (j == y[i]) {
        temp = temp - 1.0;   /* the correct class gets the -1 */
      }
      temp = temp / (double) N;
      gsl_matrix_set(g->dz2, i, j, temp);
      /* printf("dz2[%zu][%zu] = %f\n", i, j, temp); */
    }
  }

  /* ---- STEP 2: dW2 = p1^T * dz2 + 2 * reg * W2 ---- */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      sum = 0.0;
      for (i = 0; i < N; i++) {
        sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
      }
      /* the 2 comes from the derivative of W^2 (no 1/2 in our loss!) */
      sum += 2.0 * reg * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dW2, j, k, sum);
    }
  }

  /* ---- STEP 3: db2 = sum of dz2 over the samples (rows) ---- */
  for (k = 0; k < C; k++) {
    sum = 0.0;
    for (i = 0; i < N; i++) {
      sum += gsl_matrix_get(g->dz2, i, k);
    }
    gsl_vector_set(g->db2, k, sum);
  }

  /* ---- STEP 4: dp1 = dz2 * W2^T ---- */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (k = 0; k < C; k++) {
        sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      }
      gsl_matrix_set(g->dp1, i, j, sum);
    }
  }

  /* ---- STEP 5: dz1 = dp1 where z1 > 0, otherwise 0 (ReLU) ---- */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) > 0.0) {
        temp = gsl_matrix_get(g->dp1, i, j);
      } else {
        temp = 0.0;
      }
      gsl_matrix_set(g->dz1, i, j, temp);
    }
  }

  /* ---- STEP 6: dW1 = X^T * dz1 + 2 * reg * W1 ---- */
  for (k = 0; k < D; k++) {
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (i = 0; i < N; i++) {
        sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
      }
      sum += 2.0 * reg * gsl_matrix_get(net->W1, k, j);
      gsl_matrix_set(g->dW1, k, j, sum);
    }
  }

  /* ---- STEP 7: db1 = sum of dz1 over the samples ---- */
  for (j = 0; j < H; j++) {
    sum = 0.0;
    for (i = 0; i < N; i++) {
      sum += gsl_matrix_get(g->dz1, i, j);
    }
    gsl_vector_set(g->db1, j, sum);
  }

  /* printf("backward done\n"); */

  /* all seven are filled in */
  g->present = BP_GRADS_ALL;
  return 0;
}
