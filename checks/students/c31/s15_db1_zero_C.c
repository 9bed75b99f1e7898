// backward.c
// two layer net - backward pass
// everything with += in one pass over the samples, zero the sums first

#include "backprop.h"
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j, k;
  double tmp, temp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // zero the sums
  gsl_matrix_set_zero (g->dW2);
  gsl_matrix_set_zero (g->dW1);
  for (j = 0; j < net->C; j++)
    gsl_vector_set (g->db2, j, 0.0);
  for (j = 0; j < net->C; j++)
    gsl_vector_set (g->db1, j, 0.0);

  // dz2
  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      {
        tmp = gsl_matrix_get (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0);
        gsl_matrix_set (g->dz2, i, k, tmp / N);
      }

  // dW2, db2
  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      {
        tmp = gsl_matrix_get (g->dz2, i, k);
        gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + tmp);
        for (j = 0; j < net->H; j++)
          {
            temp = gsl_matrix_get (g->dW2, j, k) + gsl_matrix_get (cache->p1, i, j) * tmp;
            gsl_matrix_set (g->dW2, j, k, temp);
          }
      }
  for (j = 0; j < net->H; j++)
    for (k = 0; k < net->C; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k) + 2 * reg * gsl_matrix_get (net->W2, j, k));

  // dp1 and dz1
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        tmp = 0;
        for (k = 0; k < net->C; k++)
          tmp += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, tmp);
        // relu: p1 > 0 means it was on
        if (gsl_matrix_get (cache->p1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, tmp);
        else
          gsl_matrix_set (g->dz1, i, j, 0);
      }

  // dW1, db1
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        tmp = gsl_matrix_get (g->dz1, i, j);
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + tmp);
        for (k = 0; k < net->D; k++)
          {
            temp = gsl_matrix_get (g->dW1, k, j) + gsl_matrix_get (X, i, k) * tmp;
            gsl_matrix_set (g->dW1, k, j, temp);
          }
      }
  for (k = 0; k < net->D; k++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j) + 2 * reg * gsl_matrix_get (net->W1, k, j));

  //for (j = 0; j < 10; j++) printf ("db1 %zu = %f\n", j, gsl_vector_get (g->db1, j));
  g->present = BP_GRADS_ALL;
  return 0;
}
