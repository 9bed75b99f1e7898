/* backward.c
 * gradients of L = mean CE + reg(|W1|^2 + |W2|^2)
 * two passes over the batch; sums kept in local arrays (VLAs) */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double tW2[H][C], tb2[C], tW1[D][H], tb1[H];
  size_t s, u, v;

  /* -------- layer 2 -------- */
  for (u = 0; u < H; u++)
    for (v = 0; v < C; v++)
      tW2[u][v] = 2.0 * reg * gsl_matrix_get (net->W2, u, v);
  for (v = 0; v < C; v++)
    tb2[v] = 0.0;

  for (s = 0; s < N; s++)
    {
      for (v = 0; v < C; v++)
        {
          double q = gsl_matrix_get (cache->prob, s, v);
          if (v == y[s])
            q -= 1.0;
          gsl_matrix_set (g->dz2, s, v, q / N);
          tb2[v] += q / N;
        }
      for (u = 0; u < H; u++)
        {
          double back = 0.0, act = gsl_matrix_get (cache->p1, s, u);
          for (v = 0; v < C; v++)
            {
              double dv = gsl_matrix_get (g->dz2, s, v);
              tW2[u][v] += act * dv;
              back += dv * gsl_matrix_get (net->W2, u, v);
            }
          gsl_matrix_set (g->dp1, s, u, back);
        }
    }

  /* -------- layer 1 -------- */
  for (u = 0; u < D; u++)
    for (v = 0; v < H; v++)
      tW1[u][v] = 0.0;
  for (v = 0; v < H; v++)
    tb1[v] = 0.0;

  for (s = 0; s < N; s++)
    {
      for (v = 0; v < H; v++)
        {
          double r = gsl_matrix_get (cache->z1, s, v) > 0.0
            ? gsl_matrix_get (g->dp1, s, v) : 0.0;
          gsl_matrix_set (g->dz1, s, v, r);
          tb1[v] += r;
          for (u = 0; u < D; u++)
            {
              tW1[u][v] += gsl_matrix_get (X, s, u) * r;
              tW1[u][v] += 2.0 * reg * gsl_matrix_get (net->W1, u, v);
            }
        }
    }

  for (u = 0; u < H; u++)
    for (v = 0; v < C; v++)
      gsl_matrix_set (g->dW2, u, v, tW2[u][v]);
  for (v = 0; v < C; v++)
    gsl_vector_set (g->db2, v, tb2[v]);
  for (u = 0; u < D; u++)
    for (v = 0; v < H; v++)
      gsl_matrix_set (g->dW1, u, v, tW1[u][v]);
  for (v = 0; v < H; v++)
    gsl_vector_set (g->db1, v, tb1[v]);

  g->present = BP_GRADS_ALL;
  return 0;
}
