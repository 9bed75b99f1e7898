// HW4 backward pass
// weights first all the way down, biases at the end since they are easy
// (mostly loops, dgemm only for the two big products)

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  // dscores
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set(g->dz2, i, j,
                     (gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N);
  // printf("dz2[0] = %f %f %f\n", gsl_matrix_get(g->dz2,0,0), gsl_matrix_get(g->dz2,0,1), gsl_matrix_get(g->dz2,0,2));

  // dW2
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j));

  // dhidden
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

  // dW1
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j));

  // biases: add up each class / each hidden unit over the batch
  for (i = 0; i < C; i++) {
    gsl_vector_const_view v = gsl_matrix_const_row(g->dz2, i);
    double t = 0;
    for (j = 0; j < v.vector.size; j++)
      t += gsl_vector_get(&v.vector, j);
    gsl_vector_set(g->db2, i, t);
  }
  for (i = 0; i < H; i++) {
    gsl_vector_const_view v = gsl_matrix_const_column(g->dz1, i);
    double t = 0;
    for (j = 0; j < v.vector.size; j++)
      t += gsl_vector_get(&v.vector, j);
    gsl_vector_set(g->db1, i, t);
  }
  // printf("db2 = %f %f %f\n", gsl_vector_get(g->db2,0), gsl_vector_get(g->db2,1), gsl_vector_get(g->db2,2));

  g->present = BP_GRADS_ALL;
  return 0;
}
