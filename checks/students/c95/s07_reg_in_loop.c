/* backward.c -- gradient of
 *    L = 1/N sum_n -log softmax(z2_n)[y_n] + reg (|W1|^2 + |W2|^2)
 * by summing over samples n.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++) {
    /* dz2_nk = (P_nk - delta_{k,y_n}) / N */
    for (k = 0; k < C; k++) {
      double v = gsl_matrix_get (cache->prob, n, k);
      if (k == y[n]) v -= 1.0;
      gsl_matrix_set (g->dz2, n, k, v / (double) N);
    }

    /* W2 update for this sample: data term + weight decay */
    for (j = 0; j < H; j++) {
      for (k = 0; k < C; k++) {
        double w = gsl_matrix_get (g->dW2, j, k);
        w += gsl_matrix_get (cache->p1, n, j) * gsl_matrix_get (g->dz2, n, k);
        w += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, w);
      }
    }
    for (k = 0; k < C; k++)
      gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + gsl_matrix_get (g->dz2, n, k));

    /* back to the hidden layer */
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += gsl_matrix_get (g->dz2, n, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, n, j, s);
      gsl_matrix_set (g->dz1, n, j, gsl_matrix_get (cache->z1, n, j) > 0.0 ? s : 0.0);
    }

    for (i = 0; i < D; i++)
      for (j = 0; j < H; j++)
        gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                        + gsl_matrix_get (X, n, i) * gsl_matrix_get (g->dz1, n, j));
    for (j = 0; j < H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + gsl_matrix_get (g->dz1, n, j));
  }

  /* weight decay for W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
