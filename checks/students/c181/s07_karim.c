/*  Karim Fathy  -  backprop assignment
 *  all loops, get/set. checked on paper for N=2 */

#include "backprop.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double sum;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* delta3 = (scores prob - 1{correct}) / N */
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++)
      SET (g->dz2, i, k, GET (cache->prob, i, k) / N);
    SET (g->dz2, i, y[i], GET (g->dz2, i, y[i]) - 1.0 / N);
  }

  /* dW2 */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += GET (cache->p1, i, j) * GET (g->dz2, i, k);
      SET (g->dW2, j, k, acc + 2.0 * reg * GET (net->W2, j, k));
    }
  }

  /* db2 = sum of delta3 over the samples */
  sum = 0.0;
  for (k = 0; k < C; k++) {
    for (i = 0; i < N; i++)
      sum += GET (g->dz2, i, k);
    gsl_vector_set (g->db2, k, sum);
  }

  /* dp1 = delta3 * W2^T */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double acc = 0.0;
      for (k = 0; k < C; k++)
        acc += GET (g->dz2, i, k) * GET (net->W2, j, k);
      SET (g->dp1, i, j, acc);
    }
  }

  /* delta2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      SET (g->dz1, i, j, GET (cache->z1, i, j) > 0.0 ? GET (g->dp1, i, j) : 0.0);

  /* dW1 and db1 */
  for (j = 0; j < H; j++) {
    double b = 0.0;
    for (i = 0; i < N; i++)
      b += GET (g->dz1, i, j);
    gsl_vector_set (g->db1, j, b);
    for (k = 0; k < D; k++) {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += GET (X, i, k) * GET (g->dz1, i, j);
      SET (g->dW1, k, j, acc + 2.0 * reg * GET (net->W1, k, j));
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
