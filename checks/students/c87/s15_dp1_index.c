/* backward.c - lab 4
 * Helpers take raw arrays + sizes.  IDX(r, c, ncols) = row-major index. */

#include "backprop.h"

#define IDX(r, c, ncols) ((r) * (ncols) + (c))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void grad_dz2(double *dz2, const double *prob, const size_t *y, size_t N, size_t C)
{
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      dz2[IDX(n, c, C)] = (prob[IDX(n, c, C)] - (c == y[n])) / (double)N;
}

/* dW2 (H x C) = p1^T dz2 + 2 reg W2 */
static void grad_dW2(double *dW2, const double *p1, const double *dz2, const double *W2,
                     double reg, size_t N, size_t H, size_t C)
{
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < N; n++)
        acc += p1[IDX(n, h, H)] * dz2[IDX(n, c, C)];
      dW2[IDX(h, c, C)] = acc + 2.0 * reg * W2[IDX(h, c, C)];
    }
}

static void grad_db2(double *db2, const double *dz2, size_t N, size_t C)
{
  for (size_t c = 0; c < C; c++)
  {
    db2[c] = 0.0;
    for (size_t n = 0; n < N; n++)
      db2[c] += dz2[IDX(n, c, C)];
  }
}

/* dp1 (N x H) = dz2 (N x C) . W2^T (C x H) */
static void grad_dp1(double *dp1, const double *dz2, const double *W2,
                     size_t N, size_t H, size_t C)
{
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (size_t c = 0; c < C; c++)
        acc += dz2[IDX(n, c, C)] * W2[IDX(c, h, H)];
      dp1[IDX(n, h, H)] = acc;
    }
}

static void grad_dz1(double *dz1, const double *dp1, const double *z1, size_t N, size_t H)
{
  for (size_t k = 0; k < N * H; k++)
    dz1[k] = (z1[k] > 0.0) ? dp1[k] : 0.0;
}

/* dW1 (D x H) = X^T dz1 + 2 reg W1 */
static void grad_dW1(double *dW1, const double *X, const double *dz1, const double *W1,
                     double reg, size_t N, size_t D, size_t H)
{
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < N; n++)
        acc += X[IDX(n, d, D)] * dz1[IDX(n, h, H)];
      dW1[IDX(d, h, H)] = acc + 2.0 * reg * W1[IDX(d, h, H)];
    }
}

static void grad_db1(double *db1, const double *dz1, size_t N, size_t H)
{
  for (size_t h = 0; h < H; h++)
  {
    db1[h] = 0.0;
    for (size_t n = 0; n < N; n++)
      db1[h] += dz1[IDX(n, h, H)];
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  grad_dz2(g->dz2->data, cache->prob->data, y, N, C);
  grad_dW2(g->dW2->data, cache->p1->data, g->dz2->data, net->W2->data, reg, N, H, C);
  grad_db2(g->db2->data, g->dz2->data, N, C);
  grad_dp1(g->dp1->data, g->dz2->data, net->W2->data, N, H, C);
  grad_dz1(g->dz1->data, g->dp1->data, cache->z1->data, N, H);
  grad_dW1(g->dW1->data, X->data, g->dz1->data, net->W1->data, reg, N, D, H);
  grad_db1(g->db1->data, g->dz1->data, N, H);

  g->present = BP_GRADS_ALL;
  return 0;
}
