/* backward.c  (lab 4)
 *
 * Row pointers into ->data; rows are tda apart (dW1/dW2 are views in
 * dtheta, so tda matters).  One helper per gradient as required.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void grad_dz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t i, c, N = prob->size1, C = prob->size2;
  for (i = 0; i < N; i++) {
    const double *p = prob->data + i * prob->tda;
    double *d = dz2->data + i * dz2->tda;
    for (c = 0; c < C; c++)
      d[c] = p[c] / N;
    d[y[i]] -= 1.0 / N;
  }
}

static void grad_dW2 (const gsl_matrix *p1, const gsl_matrix *dz2,
                      const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
  size_t i, h, c;
  for (h = 0; h < W2->size1; h++) {
    double *out = dW2->data + h * dW2->tda;
    const double *w = W2->data + h * W2->tda;
    for (c = 0; c < W2->size2; c++)
      out[c] = 2.0 * reg * w[c];
    for (i = 0; i < p1->size1; i++) {
      double a = p1->data[i * p1->tda + h];
      const double *d = dz2->data + i * dz2->tda;
      for (c = 0; c < W2->size2; c++)
        out[c] += a * d[c];
    }
  }
}

static void grad_db2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  size_t i, c;
  gsl_vector_set_zero (db2);
  for (i = 0; i < dz2->size1; i++) {
    const double *d = dz2->data + i * dz2->tda;
    for (c = 0; c < dz2->size2; c++)
      db2->data[c * db2->stride] += d[c];
  }
}

static void grad_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  size_t i, h, c;
  for (i = 0; i < dp1->size1; i++) {
    const double *d = dz2->data + i * dz2->tda;
    for (h = 0; h < dp1->size2; h++) {
      const double *w = W2->data + h * W2->tda;
      double s = 0.0;
      for (c = 0; c < W2->size2; c++)
        s += d[c] * w[c];
      dp1->data[i * dp1->tda + h] = s;
    }
  }
}

static void grad_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, h;
  for (i = 0; i < z1->size1; i++)
    for (h = 0; h < z1->size2; h++)
      dz1->data[i * dz1->tda + h] =
        z1->data[i * z1->tda + h] > 0 ? dp1->data[i * dp1->tda + h] : 0.0;
}

static void grad_dW1 (const gsl_matrix *X, const gsl_matrix *dz1,
                      const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
  size_t i, d, h;
  for (d = 0; d < W1->size1; d++) {
    double *out = dW1->data + d * dW1->tda;
    const double *w = W1->data + d * W1->tda;
    for (h = 0; h < W1->size2; h++)
      out[h] = 2.0 * reg * w[h];
    for (i = 0; i < X->size1; i++) {
      double x = X->data[i * X->tda + d];
      const double *dz = dz1->data + i * dz1->tda;
      for (h = 0; h < W1->size2; h++)
        out[h] += x * dz[h];
    }
  }
}

static void grad_db1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  size_t i, h;
  gsl_vector_set_zero (db1);
  for (i = 0; i < dz1->size1; i++) {
    const double *d = dz1->data + i * dz1->tda;
    for (h = 0; h < dz1->size2; h++)
      db1->data[h * db1->stride] = d[h];
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    return 1;

  grad_dz2 (cache->prob, y, g->dz2);
  grad_dW2 (cache->p1, g->dz2, net->W2, reg, g->dW2);
  grad_db2 (g->dz2, g->db2);
  grad_dp1 (g->dz2, net->W2, g->dp1);
  grad_dz1 (g->dp1, cache->z1, g->dz1);
  grad_dW1 (X, g->dz1, net->W1, reg, g->dW1);
  grad_db1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
