#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* pointer version -- faster than gsl_matrix_get */
int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  double *dW1 = g->dW1->data, *dW2 = g->dW2->data;
  double *db1 = g->db1->data, *db2 = g->db2->data;
  const double *w1 = net->W1->data, *w2 = net->W2->data;
  const double *x = X->data, *p1 = cache->p1->data, *z1 = cache->z1->data;
  const double *prob = cache->prob->data;

  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      dz2[i * C + k] = (prob[i * C + k] - (k == y[i] ? 1.0 : 0.0)) / N;

  for (size_t j = 0; j < H; j++)
    for (size_t k = 0; k < C; k++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++)
          s += p1[i * H + j] * dz2[i * C + k];
        dW2[j * C + k] = s + 2 * reg * w2[j * C + k];
      }
  for (size_t k = 0; k < C; k++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += dz2[i * C + k];
      db2[k] = s;
    }

  /* dp1 = dz2 . W2^T */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 0;
        for (size_t k = 0; k < C; k++)
          s += dz2[i * C + k] * w2[k * H + j];
        dp1[i * H + j] = s;
      }

  for (size_t i = 0; i < N * H; i++)
    dz1[i] = z1[i] > 0 ? dp1[i] : 0;

  for (size_t d = 0; d < D; d++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++)
          s += x[i * D + d] * dz1[i * H + j];
        dW1[d * H + j] = s + 2 * reg * w1[d * H + j];
      }
  for (size_t j = 0; j < H; j++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += dz1[i * H + j];
      db1[j] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
