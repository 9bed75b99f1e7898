// backward.c -- backprop for bp_net (homework 6)
// Author: J.
//
// I have my own tiny "matlab" layer: mtimes() for A*B with optional
// transposes, and everything indexed from 1 through IX().  Shapes:
//   X m x D, A1 m x H, W2 H x C, dZ2 m x C
//
// TODO: free on the error paths

#include <stdlib.h>
#include "backprop.h"

#define IX(M, i, j) ((M)->data[((i) - 1) * (M)->tda + ((j) - 1)])

// C = op(A) * op(B), ta/tb = 1 means transpose (like A' in matlab)
static void
mtimes (const gsl_matrix *A, int ta, const gsl_matrix *B, int tb, gsl_matrix *C)
{
  size_t n = ta ? A->size2 : A->size1;
  size_t k = ta ? A->size1 : A->size2;
  size_t p = tb ? B->size1 : B->size2;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= p; j++)
      {
        double s = 0.0;
        for (size_t l = 1; l <= k; l++)
          {
            double a = ta ? IX (A, l, i) : IX (A, i, l);
            double b = tb ? IX (B, j, l) : IX (B, l, j);
            s += a * b;
          }
        IX (C, i, j) = s;
      }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, D = net->D, H = net->H, C = net->C;
  double lambda = reg;

  if (m != cache->N || X->size2 != D || g->N != m)
    return 1;

  // ---- output layer ----
  // dZ2 = (P - Y) / m
  for (size_t i = 1; i <= m; i++)
    for (size_t j = 1; j <= C; j++)
      IX (g->dz2, i, j) = (IX (cache->prob, i, j) - (y[i - 1] + 1 == j)) / m;

  // dW2 = A1' * dZ2 + (lambda/m) * W2      (ex4 regularization)
  mtimes (cache->p1, 1, g->dz2, 0, g->dW2);
  for (size_t i = 1; i <= H; i++)
    for (size_t j = 1; j <= C; j++)
      IX (g->dW2, i, j) += (lambda / m) * IX (net->W2, i, j);

  // db2 = sum(dZ2)'
  for (size_t j = 1; j <= C; j++)
    {
      double s = 0.0;
      for (size_t i = 1; i <= m; i++)
        s += IX (g->dz2, i, j);
      gsl_vector_set (g->db2, j - 1, s);
    }

  // ---- hidden layer ----
  // dA1 = dZ2 * W2'
  mtimes (g->dz2, 0, net->W2, 1, g->dp1);

  // dZ1 = dA1 .* (Z1 > 0)
  for (size_t i = 1; i <= m; i++)
    for (size_t j = 1; j <= H; j++)
      IX (g->dz1, i, j) = IX (cache->z1, i, j) > 0 ? IX (g->dp1, i, j) : 0.0;

  // dW1 = X' * dZ1 + 2*lambda*W1     (the handout says no 1/2 on reg!)
  mtimes (X, 1, g->dz1, 0, g->dW1);
  for (size_t i = 1; i <= D; i++)
    for (size_t j = 1; j <= H; j++)
      IX (g->dW1, i, j) += 2 * lambda * IX (net->W1, i, j);

  // db1 = sum(dZ1)'
  for (size_t j = 1; j <= H; j++)
    {
      double s = 0.0;
      for (size_t i = 1; i <= m; i++)
        s += IX (g->dz1, i, j);
      gsl_vector_set (g->db1, j - 1, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
