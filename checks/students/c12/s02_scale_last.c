// backward.c
// my backward pass. idea: do everything WITHOUT the 1/N first (easier to
// check by hand with N=1), then at the very end divide all the gradients
// by N and add the regularization to the weights.
// everything is linear in dz2 so dividing at the end is the same thing.

#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1;
  int D = net->D;
  int H = net->H;
  int C = net->C;

  if (N != (int) cache->N || X->size2 != net->D || (int) g->N != N)
    return 1;

  // 1. dz2 (not divided yet!!)
  for (int i = 0; i < N; i++)
    for (int j = 0; j < C; j++)
    {
      double p = gsl_matrix_get(cache->prob, i, j);
      if (j == (int) y[i])
        p = p - 1;
      gsl_matrix_set(g->dz2, i, j, p);
    }

  // 2. dW2 = p1^T * dz2   (reg later)
  for (int i = 0; i < H; i++)
    for (int j = 0; j < C; j++)
    {
      double sum = 0;
      for (int n = 0; n < N; n++)
        sum = sum + gsl_matrix_get(cache->p1, n, i) * gsl_matrix_get(g->dz2, n, j);
      gsl_matrix_set(g->dW2, i, j, sum);
    }

  // 3. db2
  for (int j = 0; j < C; j++)
  {
    double sum = 0;
    for (int n = 0; n < N; n++)
      sum = sum + gsl_matrix_get(g->dz2, n, j);
    gsl_vector_set(g->db2, j, sum);
  }

  // 4. dp1 = dz2 * W2^T
  for (int n = 0; n < N; n++)
    for (int i = 0; i < H; i++)
    {
      double sum = 0;
      for (int j = 0; j < C; j++)
        sum = sum + gsl_matrix_get(g->dz2, n, j) * gsl_matrix_get(net->W2, i, j);
      gsl_matrix_set(g->dp1, n, i, sum);
    }

  // 5. dz1 : relu lets it through only where z1 > 0
  for (int n = 0; n < N; n++)
    for (int i = 0; i < H; i++)
    {
      if (gsl_matrix_get(cache->z1, n, i) > 0)
        gsl_matrix_set(g->dz1, n, i, gsl_matrix_get(g->dp1, n, i));
      else
        gsl_matrix_set(g->dz1, n, i, 0.0);
    }

  // 6. dW1 = X^T * dz1   (reg later)
  for (int d = 0; d < D; d++)
    for (int i = 0; i < H; i++)
    {
      double sum = 0;
      for (int n = 0; n < N; n++)
        sum = sum + gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, i);
      gsl_matrix_set(g->dW1, d, i, sum);
    }

  // 7. db1
  for (int i = 0; i < H; i++)
  {
    double sum = 0;
    for (int n = 0; n < N; n++)
      sum = sum + gsl_matrix_get(g->dz1, n, i);
    gsl_vector_set(g->db1, i, sum);
  }

  // ---- now the 1/N for everything ----
  double invN = 1.0 / N;
  gsl_matrix_scale(g->dz2, invN);
  gsl_matrix_scale(g->dW2, invN);
  gsl_vector_scale(g->db2, invN);
  gsl_matrix_scale(g->dp1, invN);
  gsl_matrix_scale(g->dz1, invN);
  gsl_matrix_scale(g->dW1, invN);
  gsl_vector_scale(g->db1, invN);

  // ---- and the regularization: d/dW of reg*W^2 = 2*reg*W ----
  for (int i = 0; i < H; i++)
    for (int j = 0; j < C; j++)
      gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j));
  for (int d = 0; d < D; d++)
    for (int i = 0; i < H; i++)
      gsl_matrix_set(g->dW1, d, i, gsl_matrix_get(g->dW1, d, i) + 2 * reg * gsl_matrix_get(net->W1, d, i));

  // printf("dW1[0][0] = %f\n", gsl_matrix_get(g->dW1, 0, 0));

  g->present = BP_GRADS_ALL;
  return 0;
}
