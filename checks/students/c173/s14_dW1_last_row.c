/* backward.c -- HW4 Q2 (two layer net, softmax loss)
 *
 *   TODO 1  dscores     TODO 5  dz1
 *   TODO 2  dW2         TODO 6  dW1
 *   TODO 3  db2         TODO 7  db1
 *   TODO 4  dhidden
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, a, b;

  double dscores[N][C];
  double dW2[H][C];
  double db2[C];
  double dhidden[N][H];
  double dz1[N][H];
  double dW1[D][H];
  double db1[H];

  /* TODO 1 */
  for (n = 0; n < N; n++)
    for (b = 0; b < C; b++)
      {
        dscores[n][b] = gsl_matrix_get (cache->prob, n, b);
        if (b == y[n])
          dscores[n][b] -= 1.0;
        dscores[n][b] /= (double) N;
      }

  /* TODO 2 */
  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++)
      {
        dW2[a][b] = 2.0 * reg * gsl_matrix_get (net->W2, a, b);
        for (n = 0; n < N; n++)
          dW2[a][b] += gsl_matrix_get (cache->p1, n, a) * dscores[n][b];
      }

  /* TODO 3 */
  for (b = 0; b < C; b++)
    {
      db2[b] = 0.0;
      for (n = 0; n < N; n++)
        db2[b] += dscores[n][b];
    }

  /* TODO 4 */
  for (n = 0; n < N; n++)
    for (a = 0; a < H; a++)
      {
        dhidden[n][a] = 0.0;
        for (b = 0; b < C; b++)
          dhidden[n][a] += dscores[n][b] * gsl_matrix_get (net->W2, a, b);
      }

  /* TODO 5 */
  for (n = 0; n < N; n++)
    for (a = 0; a < H; a++)
      dz1[n][a] = gsl_matrix_get (cache->z1, n, a) > 0.0 ? dhidden[n][a] : 0.0;

  /* TODO 6: sum over the samples of x_n^T dz1_n */
  for (a = 0; a < D; a++)
    for (b = 0; b < H; b++)
      {
        dW1[a][b] = 2.0 * reg * gsl_matrix_get (net->W1, a, b);
        for (n = 0; n < N - 1; n++)
          dW1[a][b] += gsl_matrix_get (X, n, a) * dz1[n][b];
      }

  /* TODO 7 */
  for (b = 0; b < H; b++)
    {
      db1[b] = 0.0;
      for (n = 0; n < N; n++)
        db1[b] += dz1[n][b];
    }

  /* ---- copy into g (given, do not change) ---- */
  for (n = 0; n < N; n++)
    for (b = 0; b < C; b++)
      gsl_matrix_set (g->dz2, n, b, dscores[n][b]);
  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++)
      gsl_matrix_set (g->dW2, a, b, dW2[a][b]);
  for (b = 0; b < C; b++)
    gsl_vector_set (g->db2, b, db2[b]);
  for (n = 0; n < N; n++)
    for (a = 0; a < H; a++)
      {
        gsl_matrix_set (g->dp1, n, a, dhidden[n][a]);
        gsl_matrix_set (g->dz1, n, a, dz1[n][a]);
      }
  for (a = 0; a < D; a++)
    for (b = 0; b < H; b++)
      gsl_matrix_set (g->dW1, a, b, dW1[a][b]);
  for (a = 0; a < H; a++)
    gsl_vector_set (g->db1, a, db1[a]);

  g->present = BP_GRADS_ALL;
  return 0;
}
