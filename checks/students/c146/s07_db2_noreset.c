// backward.c  HW3
// author: Li
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int n = (int) X->size1;
  int d = (int) net->D, h = (int) net->H, c = (int) net->C;
  int i, j, k;

  if (n != (int) g->N)
    return 1;

  // step 1: dz2
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < n; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / n);

  // step 2: dW2, db2 (一次循环同时算两个)
  gsl_matrix_set_zero (g->dW2);
  for (i = 0; i < n; i++)
    for (k = 0; k < c; k++)
      {
        double dz = gsl_matrix_get (g->dz2, i, k);
        for (j = 0; j < h; j++)
          gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                          + gsl_matrix_get (cache->p1, i, j) * dz);
        gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + dz);
      }
  for (j = 0; j < h; j++)
    for (k = 0; k < c; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                      + 2.0 * reg * gsl_matrix_get (net->W2, j, k));

  // step 3: dp1 and dz1
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      {
        double s = 0.0;
        for (k = 0; k < c; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? s : 0.0);
      }

  // step 4: dW1, db1
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      {
        double dz = gsl_matrix_get (g->dz1, i, j);
        for (k = 0; k < d; k++)
          gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j)
                          + gsl_matrix_get (X, i, k) * dz);
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + dz);
      }
  for (k = 0; k < d; k++)
    for (j = 0; j < h; j++)
      gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, k, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
