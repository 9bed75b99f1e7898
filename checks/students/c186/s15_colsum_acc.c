/* Lab 3 - backward
 * Mac Van Hieu - 20196550
 * colsum() is used for db2 and db1.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum_i A[i][j] */
static void colsum (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  double s = 0.0;
  for (j = 0; j < A->size2; j++) {
    for (i = 0; i < A->size1; i++)
      s += gsl_matrix_get (A, i, j);
    gsl_vector_set (out, j, s);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores = g->dz2, *dhidden = g->dp1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      double t = gsl_matrix_get (cache->prob, i, j);
      if (j == y[i]) t -= 1;
      gsl_matrix_set (dscores, i, j, t / N);
    }
  }

  /* dW2 */
  for (i = 0; i < H; i++) {
    for (j = 0; j < C; j++) {
      double t = 0;
      for (k = 0; k < N; k++)
        t += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (dscores, k, j);
      gsl_matrix_set (g->dW2, i, j, t + 2 * reg * gsl_matrix_get (net->W2, i, j));
    }
  }

  /* db2 */
  colsum (dscores, g->db2);

  /* dhidden */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double t = 0;
      for (k = 0; k < C; k++)
        t += gsl_matrix_get (dscores, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (dhidden, i, j, t);
    }
  }

  /* relu */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double t = gsl_matrix_get (dhidden, i, j);
      if (gsl_matrix_get (cache->z1, i, j) <= 0) t = 0;
      gsl_matrix_set (g->dz1, i, j, t);
    }
  }

  /* dW1 */
  for (i = 0; i < D; i++) {
    for (j = 0; j < H; j++) {
      double t = 0;
      for (k = 0; k < N; k++)
        t += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
      gsl_matrix_set (g->dW1, i, j, t + 2 * reg * gsl_matrix_get (net->W1, i, j));
    }
  }

  /* db1 */
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
