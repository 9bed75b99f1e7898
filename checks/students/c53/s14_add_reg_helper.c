/* Deep Learning assignment 2
 * backward pass: two small helpers, the rest written out */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* grad += scale * W */
static void add_reg(gsl_matrix *grad, const gsl_matrix *W, double scale)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set(grad, i, j, gsl_matrix_get(grad, i, j) + scale * gsl_matrix_get(W, i, j));
}

/* b = sum of the rows of delta */
static void bias_grad(const gsl_matrix *delta, gsl_vector *b)
{
  size_t i, j;
  for (j = 0; j < delta->size2; j++) {
    double s = 0.0;
    for (i = 0; i < delta->size1; i++)
      s += gsl_matrix_get(delta, i, j);
    gsl_vector_set(b, j, s);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++) {
      double d = gsl_matrix_get(cache->prob, i, j);
      if (j == y[i])
        d -= 1.0;
      gsl_matrix_set(g->dz2, i, j, d / (double)N);
    }

  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_reg(g->dW2, net->W2, 2 * reg);
  bias_grad(g->dz2, g->db2);

  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) > 0)
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
      else
        gsl_matrix_set(g->dz1, i, j, 0.0);
    }

  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_reg(g->dW1, net->W1, reg);
  bias_grad(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
