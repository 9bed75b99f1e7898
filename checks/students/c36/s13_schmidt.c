/* backward pass -- F. Schmidt (climate modelling)
 *
 * grads.h says bp_grads_alloc gives gradients "all zero", so the bias
 * gradients can be summed straight into g (saves two temp arrays).
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  double s, *t;

  t = malloc (N * H * sizeof (double));   /* dz1 work array */
  if (t == NULL) return 1;

  /* dz2 and db2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++) {
      s = gsl_matrix_get (cache->prob, i, k);
      if (y[i] == k) s -= 1.0;
      s /= (double) N;
      gsl_matrix_set (g->dz2, i, k, s);
      gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + s);
    }

  /* dW2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      s = 0.0;
      for (i = 0; i < N; i++) s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
    }

  /* dp1, dz1 and db1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (k = 0; k < C; k++) s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, s);
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0) s = 0.0;
      t[i*H + j] = s;
      gsl_matrix_set (g->dz1, i, j, s);
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + s);
    }

  /* dW1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (i = 0; i < N; i++) s += gsl_matrix_get (X, i, k) * t[i*H + j];
      gsl_matrix_set (g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
    }

  free (t);
  g->present = BP_GRADS_ALL;
  return 0;
}
