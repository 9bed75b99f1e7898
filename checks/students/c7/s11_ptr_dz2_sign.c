#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double *
row (gsl_matrix *m, size_t i)
{
  return m->data + i * m->tda;
}

static const double *
crow (const gsl_matrix *m, size_t i)
{
  return m->data + i * m->tda;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  for (size_t i = 0; i < N; i++)
    {
      const double *p = crow (cache->prob, i);
      double *dz = row (g->dz2, i);
      for (size_t c = 0; c < C; c++)
        dz[c] = ((c == y[i]) - p[c]) / N;
    }

  for (size_t h = 0; h < H; h++)
    {
      double *dw = row (g->dW2, h);
      const double *w = crow (net->W2, h);
      for (size_t c = 0; c < C; c++)
        {
          double s = 0.0;
          for (size_t i = 0; i < N; i++)
            s += crow (cache->p1, i)[h] * crow (g->dz2, i)[c];
          dw[c] = s + 2.0 * reg * w[c];
        }
    }

  for (size_t c = 0; c < C; c++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += crow (g->dz2, i)[c];
      gsl_vector_set (g->db2, c, s);
    }

  for (size_t i = 0; i < N; i++)
    {
      const double *dz = crow (g->dz2, i);
      double *dp = row (g->dp1, i);
      for (size_t h = 0; h < H; h++)
        {
          const double *w = crow (net->W2, h);
          double s = 0.0;
          for (size_t c = 0; c < C; c++)
            s += dz[c] * w[c];
          dp[h] = s;
        }
    }

  for (size_t i = 0; i < N; i++)
    {
      const double *z = crow (cache->z1, i);
      const double *dp = crow (g->dp1, i);
      double *dz = row (g->dz1, i);
      for (size_t h = 0; h < H; h++)
        dz[h] = z[h] > 0.0 ? dp[h] : 0.0;
    }

  for (size_t d = 0; d < D; d++)
    {
      double *dw = row (g->dW1, d);
      const double *w = crow (net->W1, d);
      for (size_t h = 0; h < H; h++)
        {
          double s = 0.0;
          for (size_t i = 0; i < N; i++)
            s += crow (X, i)[d] * crow (g->dz1, i)[h];
          dw[h] = s + 2.0 * reg * w[h];
        }
    }

  for (size_t h = 0; h < H; h++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += crow (g->dz1, i)[h];
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
