#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  for (i = 0; i < N; i++)
    {
      const double *pr = cache->prob->data + i * cache->prob->tda;
      double *d = g->dz2->data + i * g->dz2->tda;
      for (k = 0; k < C; k++)
        d[k] = pr[k] / N;
      d[y[i]] -= 1.0 / N;
    }

  for (j = 0; j < H; j++)
    {
      double *dw = g->dW2->data + j * g->dW2->tda;
      const double *w = net->W2->data + j * net->W2->tda;
      for (k = 0; k < C; k++)
        dw[k] = 2.0 * reg * w[k];
      for (i = 0; i < N; i++)
        {
          double a = cache->p1->data[i * cache->p1->tda + j];
          const double *d = g->dz2->data + i * g->dz2->tda;
          for (k = 0; k < C; k++)
            dw[k] += a * d[k];
        }
    }

  for (k = 0; k < C; k++)
    g->db2->data[k * g->db2->stride] = 0.0;
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      g->db2->data[k * g->db2->stride] += g->dz2->data[i * g->dz2->tda + k];

  for (i = 0; i < N; i++)
    {
      const double *d = g->dz2->data + i * g->dz2->tda;
      double *dp = g->dp1->data + i * g->dp1->tda;
      for (j = 0; j < H; j++)
        {
          const double *w = net->W2->data + j * net->W2->tda;
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += d[k] * w[k];
          dp[j] = s;
        }
    }

  for (i = 0; i < N; i++)
    {
      const double *dp = g->dp1->data + i * g->dp1->tda;
      double *dz = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        dz[j] = dp[j] > 0.0 ? dp[j] : 0.0;
    }

  for (size_t a = 0; a < D; a++)
    {
      double *dw = g->dW1->data + a * g->dW1->tda;
      const double *w = net->W1->data + a * net->W1->tda;
      for (j = 0; j < H; j++)
        dw[j] = 2.0 * reg * w[j];
      for (i = 0; i < N; i++)
        {
          double x = X->data[i * X->tda + a];
          const double *dz = g->dz1->data + i * g->dz1->tda;
          for (j = 0; j < H; j++)
            dw[j] += x * dz[j];
        }
    }

  for (j = 0; j < H; j++)
    g->db1->data[j * g->db1->stride] = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      g->db1->data[j * g->db1->stride] += g->dz1->data[i * g->dz1->tda + j];

  g->present = BP_GRADS_ALL;
  return 0;
}
