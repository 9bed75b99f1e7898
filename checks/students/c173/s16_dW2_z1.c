/* HW4 -- backward()  (section B skeleton, calloc'd buffers)
 *
 * forward was: z1 = X W1 + b1, a1 = relu(z1), scores = a1 W2 + b2
 * so dW2 = a1^T dscores and dW1 = X^T dz1 (+ the reg terms)
 */
#include <stdlib.h>
#include "backprop.h"

#define AT(buf, i, j, ld) (buf)[(i) * (ld) + (j)]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  double *dscores = calloc(N * C, sizeof(double));
  double *dW2 = calloc(H * C, sizeof(double));
  double *db2 = calloc(C, sizeof(double));
  double *dhidden = calloc(N * H, sizeof(double));
  double *dz1 = calloc(N * H, sizeof(double));
  double *dW1 = calloc(D * H, sizeof(double));
  double *db1 = calloc(H, sizeof(double));

  /* TODO 1: dscores */
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++) {
      double p = gsl_matrix_get(cache->prob, i, k);
      AT(dscores, i, k, C) = (k == y[i]) ? (p - 1.0) / N : p / N;
    }
  }

  /* TODO 2: dW2 */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      double s = 0.0;
      for (i = 0; i < N; i++) s += gsl_matrix_get(cache->z1, i, j) * AT(dscores, i, k, C);
      AT(dW2, j, k, C) = s + 2.0 * reg * gsl_matrix_get(net->W2, j, k);
    }
  }

  /* TODO 3: db2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++) db2[k] += AT(dscores, i, k, C);

  /* TODO 4: dhidden */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (k = 0; k < C; k++) s += AT(dscores, i, k, C) * gsl_matrix_get(net->W2, j, k);
      AT(dhidden, i, j, H) = s;
    }
  }

  /* TODO 5: dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      AT(dz1, i, j, H) = gsl_matrix_get(cache->z1, i, j) > 0.0 ? AT(dhidden, i, j, H) : 0.0;

  /* TODO 6: dW1 */
  for (k = 0; k < D; k++) {
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (i = 0; i < N; i++) s += gsl_matrix_get(X, i, k) * AT(dz1, i, j, H);
      AT(dW1, k, j, H) = s + 2.0 * reg * gsl_matrix_get(net->W1, k, j);
    }
  }

  /* TODO 7: db1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) db1[j] += AT(dz1, i, j, H);

  /* copy results into g (given) */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++) gsl_matrix_set(g->dz2, i, k, AT(dscores, i, k, C));
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) gsl_matrix_set(g->dW2, j, k, AT(dW2, j, k, C));
  for (k = 0; k < C; k++) gsl_vector_set(g->db2, k, db2[k]);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      gsl_matrix_set(g->dp1, i, j, AT(dhidden, i, j, H));
      gsl_matrix_set(g->dz1, i, j, AT(dz1, i, j, H));
    }
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) gsl_matrix_set(g->dW1, k, j, AT(dW1, k, j, H));
  for (j = 0; j < H; j++) gsl_vector_set(g->db1, j, db1[j]);
  g->present = BP_GRADS_ALL;

  free(dscores);
  free(dW2);
  free(db2);
  free(dhidden);
  free(dz1);
  free(dW1);
  free(db1);
  return 0;
}
