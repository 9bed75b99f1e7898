/* Lab 3 - Backpropagation for the two-layer network
 * Student: Nguyen Minh Khoa - 20194321
 *
 * Follow the lecture slides (Lecture 5, backprop, p.23-27):
 *   dscores = (probs - 1{y}) / N
 *   dW2 = hidden^T * dscores + 2*reg*W2,  db2 = sum of dscores
 *   dhidden = dscores * W2^T, then ReLU, then dW1, db1 the same way.
 * Only get/set loops, easier to debug.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* v[j] = sum over rows i of A[i][j] */
static void col_sum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++) {
    double s = 0.0;
    for (i = 0; i < A->size1; i++)
      s += gsl_matrix_get (A, i, j);
    gsl_vector_set (v, j, s);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. gradient of the loss w.r.t. the scores */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      double p = gsl_matrix_get (cache->prob, i, j);
      if (j == y[i])
        p -= 1.0;
      gsl_matrix_set (dscores, i, j, p / N);
    }
  }

  /* 2. dW2 = hidden^T . dscores + 2 reg W2 */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (dscores, i, k);
      gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
    }
  }

  /* 3. db2 */
  col_sum (dscores, g->db2);

  /* 4. dhidden = dscores . W2^T */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += gsl_matrix_get (dscores, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (dhidden, i, j, s);
    }
  }

  /* 5. backprop through ReLU: pass only where z1 > 0 */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (dhidden, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);
    }
  }

  /* 6. dW1 = X^T . dz1 + 2 reg W1 */
  for (k = 0; k < D; k++) {
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      gsl_matrix_set (g->dW1, k, j, s + 2 * reg * gsl_matrix_get (net->W1, k, j));
    }
  }

  /* 7. db1 */
  col_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
