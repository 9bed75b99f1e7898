/* backward pass -- hw4.
 * Small helpers for the sums; the rest is straight loops. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double
row_sum (const gsl_matrix *m, size_t r)
{
  double s = 0.0;
  size_t j;
  for (j = 0; j < m->size2; j++)
    s += gsl_matrix_get (m, r, j);
  return s;
}

static double
col_sum (const gsl_matrix *m, size_t c)
{
  double s = 0.0;
  size_t i;
  for (i = 0; i < m->size1; i++)
    s += gsl_matrix_get (m, i, c);
  return s;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        gsl_matrix_set (g->dz2, i, k, (k == y[i] ? v - 1.0 : v) / N);
      }

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, row_sum (g->dz2, k));

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? s : 0.0);
      }

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, col_sum (g->dz1, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
