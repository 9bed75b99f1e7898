// backward.c  -- Omar Farouk
// loss and gradient together, one row of the scores at a time:
//   row[j] = z2[i][j] - max     (shifted, so exp() can't blow up)
//   sum    = sum_j exp(row[j])
//   loss  += log(sum) - row[y]
//   dz2    = (p - 1{y}) / N

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

double omar_loss;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, C = net->C, H = net->H;
  double *row, loss = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  row = malloc(C * sizeof(double));
  if (row == NULL)
    return 1;

  for (size_t i = 0; i < N; i++) {
    double mx = gsl_matrix_get(cache->z2, i, 0), sum = 0;
    for (size_t j = 1; j < C; j++)
      if (gsl_matrix_get(cache->z2, i, j) > mx)
        mx = gsl_matrix_get(cache->z2, i, j);
    for (size_t j = 0; j < C; j++) {
      row[j] = gsl_matrix_get(cache->z2, i, j) - mx;
      sum += exp(row[j]);
    }
    loss += log(sum) - row[y[i]];
    for (size_t j = 0; j < C; j++) {
      double p = row[j] / sum;     // softmax prob
      gsl_matrix_set(g->dz2, i, j, (p - (j == y[i] ? 1.0 : 0.0)) / N);
    }
  }
  free(row);
  loss /= N;

  // + reg * (|W1|^2 + |W2|^2)
  {
    double r = 0;
    for (size_t a = 0; a < net->D; a++)
      for (size_t b = 0; b < H; b++)
        r += gsl_matrix_get(net->W1, a, b) * gsl_matrix_get(net->W1, a, b);
    for (size_t a = 0; a < H; a++)
      for (size_t b = 0; b < C; b++)
        r += gsl_matrix_get(net->W2, a, b) * gsl_matrix_get(net->W2, a, b);
    loss += reg * r;
  }
  omar_loss = loss;

  // output layer
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  for (size_t j = 0; j < C; j++) {
    double s = 0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get(g->dz2, i, j);
    gsl_vector_set(g->db2, j, s);
  }

  // hidden layer
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++) {
      double d = gsl_matrix_get(g->dp1, i, j);
      gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? d : 0);
    }

  // input layer
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (size_t j = 0; j < H; j++) {
    double s = 0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
