// backward.c  --  TP4
// helpers work on ->data directly (faster than get/set, see lecture 6)
// careful: row stride is tda, not size2 (dW1, dW2 are views!)

#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void g_dz2(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t i, j, N = prob->size1;
  for (i = 0; i < N; i++)
    for (j = 0; j < prob->size2; j++)
      AT(dz2, i, j) = (AT(prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N;
}

// outer product per sample: dW += a_i^T dz_i
static void g_W2(const gsl_matrix *p1, const gsl_matrix *dz2, gsl_matrix *dW2)
{
  size_t i, h, c;
  gsl_matrix_set_zero(dW2);
  for (i = 0; i < p1->size1; i++)
    for (h = 0; h < p1->size2; h++)
      for (c = 0; c < dz2->size2; c++)
        AT(dW2, h, c) += AT(p1, i, h) * AT(dz2, i, c);
}

static void g_b2(const gsl_matrix *dz2, gsl_vector *db2)
{
  size_t i, c;
  gsl_vector_set_zero(db2);
  for (i = 0; i < dz2->size1; i++)
    for (c = 0; c < dz2->size2; c++)
      db2->data[c * db2->stride] += AT(dz2, i, c);
}

static void g_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  size_t i, h, c;
  for (i = 0; i < dp1->size1; i++)
    for (h = 0; h < dp1->size2; h++) {
      double t = 0;
      for (c = 0; c < W2->size2; c++)
        t += AT(dz2, i, c) * AT(W2, h, c);
      AT(dp1, i, h) = t;
    }
}

static void g_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, h;
  for (i = 0; i < z1->size1; i++)
    for (h = 0; h < z1->size2; h++)
      AT(dz1, i, h) = AT(z1, i, h) > 0 ? AT(dp1, i, h) : 0;
}

static void g_W1(const gsl_matrix *X, const gsl_matrix *dz1, gsl_matrix *dW1)
{
  size_t i, d, h;
  gsl_matrix_set_zero(dW1);
  for (i = 0; i < X->size1; i++)
    for (d = 0; d < X->size2; d++)
      for (h = 0; h < dz1->size2; h++)
        AT(dW1, d, h) += AT(X, i, d) * AT(dz1, i, h);
}

static void g_b1(const gsl_matrix *dz1, gsl_vector *db1)
{
  size_t i, h;
  gsl_vector_set_zero(db1);
  for (i = 0; i < dz1->size1; i++)
    for (h = 0; h < dz1->size2; h++)
      db1->data[h * db1->stride] += AT(dz1, i, h);
}

// d/dW of reg*sum(W^2) is 2*reg*W
static void add_reg(const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t a, b;
  for (a = 0; a < W->size1; a++)
    for (b = 0; b < W->size2; b++)
      AT(dW, a, b) += 2.0 * reg * AT(W, a, b);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  g_dz2(cache->prob, y, g->dz2);
  g_W2(cache->p1, g->dz2, g->dW2);
  add_reg(net->W2, reg, g->dW2);
  g_b2(g->dz2, g->db2);
  g_dp1(g->dz2, net->W2, g->dp1);
  g_dz1(g->dp1, cache->z1, g->dz1);
  g_W1(X, g->dz1, g->dW1);
  add_reg(net->W1, reg, g->dW1);
  g_b1(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
