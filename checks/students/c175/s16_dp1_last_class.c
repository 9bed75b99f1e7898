/*  backward.c  -  neural nets lab 4
 *
 *  backward() calls seven helpers, one for each gradient, in backprop order.
 *  Helpers take g's arrays directly.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void bw_dz2(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t n, c;
  size_t N = prob->size1, C = prob->size2;
  for (n = 0; n < N; n++)
  {
    for (c = 0; c < C; c++)
    {
      double v = gsl_matrix_get(prob, n, c);
      if (c == y[n]) v -= 1.0;
      gsl_matrix_set(dz2, n, c, v / (double)N);
    }
  }
}

static void bw_dW2(const gsl_matrix *p1, const gsl_matrix *dz2,
                   const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
  size_t N = p1->size1, H = p1->size2, C = dz2->size2;
  size_t n, h, c;
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set(dW2, h, c, 2.0 * reg * gsl_matrix_get(W2, h, c));
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      for (c = 0; c < C; c++)
        gsl_matrix_set(dW2, h, c, gsl_matrix_get(dW2, h, c)
                       + gsl_matrix_get(p1, n, h) * gsl_matrix_get(dz2, n, c));
}

static void bw_db2(const gsl_matrix *dz2, gsl_vector *db2)
{
  size_t n, c;
  for (c = 0; c < dz2->size2; c++)
  {
    double s = 0.0;
    for (n = 0; n < dz2->size1; n++)
      s += gsl_matrix_get(dz2, n, c);
    gsl_vector_set(db2, c, s);
  }
}

/* dp1[n][h] = sum over classes c of dz2[n][c] * W2[h][c] */
static void bw_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  size_t N = dz2->size1, C = dz2->size2, H = W2->size1;
  size_t n, h, c;
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (c = 0; c < C - 1; c++)
        s += gsl_matrix_get(dz2, n, c) * gsl_matrix_get(W2, h, c);
      gsl_matrix_set(dp1, n, h, s);
    }
}

static void bw_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t n, h;
  for (n = 0; n < dp1->size1; n++)
    for (h = 0; h < dp1->size2; h++)
    {
      double m = gsl_matrix_get(z1, n, h) > 0.0 ? 1.0 : 0.0;
      gsl_matrix_set(dz1, n, h, m * gsl_matrix_get(dp1, n, h));
    }
}

static void bw_dW1(const gsl_matrix *X, const gsl_matrix *dz1,
                   const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
  size_t N = X->size1, D = X->size2, H = dz1->size2;
  size_t n, d, h;
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get(X, n, d) * gsl_matrix_get(dz1, n, h);
      gsl_matrix_set(dW1, d, h, s + 2.0 * reg * gsl_matrix_get(W1, d, h));
    }
}

static void bw_db1(const gsl_matrix *dz1, gsl_vector *db1)
{
  size_t n, h;
  for (h = 0; h < dz1->size2; h++)
  {
    double s = 0.0;
    for (n = 0; n < dz1->size1; n++)
      s += gsl_matrix_get(dz1, n, h);
    gsl_vector_set(db1, h, s);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  bw_dz2(cache->prob, y, g->dz2);
  bw_dW2(cache->p1, g->dz2, net->W2, reg, g->dW2);
  bw_db2(g->dz2, g->db2);
  bw_dp1(g->dz2, net->W2, g->dp1);
  bw_dz1(g->dp1, cache->z1, g->dz1);
  bw_dW1(X, g->dz1, net->W1, reg, g->dW1);
  bw_db1(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
