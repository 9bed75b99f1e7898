/* backward.c
 * Kevin L. - Bootcamp C module, backprop project
 *
 * Version 2. Version 1 crashed because I wrote past the end of dW2 (I had
 * H and C swapped). Now all loops use the sizes from the net struct.
 */

#include <stdio.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  /* sizes */
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;
  /* loop counters */
  size_t i, j, k;
  /* temporaries */
  double temp, temp2;
  double total;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* STEP 1: gradient of the loss w.r.t. the scores.
   * softmax minus one-hot, divided by N since the loss is an average */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      temp = gsl_matrix_get (cache->prob, i, j);
      if (y[i] == j) {
        temp = temp - 1;
      }
      temp2 = temp / N;       /* average over the batch */
      gsl_matrix_set (g->dz2, i, j, temp);
      /* printf ("%zu %zu %f %f\n", i, j, temp, temp2); */
    }
  }

  /* STEP 2: dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      total = 0;
      for (i = 0; i < N; i++) {
        total += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      }
      temp2 = 2 * reg * gsl_matrix_get (net->W2, j, k);   /* reg part */
      temp = total + temp2;
      gsl_matrix_set (g->dW2, j, k, temp);
    }
  }

  /* STEP 3: db2 = column sums of dz2 */
  for (k = 0; k < C; k++) {
    total = 0;
    for (i = 0; i < N; i++) {
      total += gsl_matrix_get (g->dz2, i, k);
    }
    gsl_vector_set (g->db2, k, total);
  }

  /* STEP 4: dp1 = dz2 W2^T */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      total = 0;
      for (k = 0; k < C; k++) {
        total += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      }
      gsl_matrix_set (g->dp1, i, j, total);
    }
  }

  /* STEP 5: back through the relu */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      temp = 0;
      if (gsl_matrix_get (cache->z1, i, j) > 0) {
        temp = gsl_matrix_get (g->dp1, i, j);
      }
      gsl_matrix_set (g->dz1, i, j, temp);
    }
  }

  /* STEP 6: dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++) {
    for (j = 0; j < H; j++) {
      total = 0;
      for (i = 0; i < N; i++) {
        total += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      }
      temp = total + 2 * reg * gsl_matrix_get (net->W1, k, j);
      gsl_matrix_set (g->dW1, k, j, temp);
    }
  }

  /* STEP 7: db1 = column sums of dz1 */
  for (j = 0; j < H; j++) {
    total = 0;
    for (i = 0; i < N; i++) {
      total += gsl_matrix_get (g->dz1, i, j);
    }
    gsl_vector_set (g->db1, j, total);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
