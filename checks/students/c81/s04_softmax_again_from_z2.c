// HW2: backprop for the 2 layer net.
// I don't trust cache->prob so I recompute the softmax from the scores with my
// own softmax_rows() from HW1 (it's the stable one, subtracts the row max).
#include <math.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(M, i, j) ((M)->data[(i) * (M)->tda + (j)])

// in place softmax of every row
void softmax_rows(gsl_matrix *S)
{
  for (size_t i = 0; i < S->size1; i++)
  {
    double mx = AT(S, i, 0), tot = 0.0;
    for (size_t j = 1; j < S->size2; j++)
      mx = GSL_MAX(mx, AT(S, i, j));
    for (size_t j = 0; j < S->size2; j++)
    {
      AT(S, i, j) = exp(AT(S, i, j) - mx);
      tot += AT(S, i, j);
    }
    for (size_t j = 0; j < S->size2; j++)
      AT(S, i, j) /= tot;
  }
}

// dZ = dA * 1[Z > 0]   (dZ may be dA)
void relu_backward(const gsl_matrix *Z, const gsl_matrix *dA, gsl_matrix *dZ)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      AT(dZ, i, j) = AT(Z, i, j) > 0.0 ? AT(dA, i, j) : 0.0;
}

void sum_over_rows(const gsl_matrix *A, gsl_vector *b)
{
  for (size_t j = 0; j < A->size2; j++)
  {
    double t = 0.0;
    for (size_t i = 0; i < A->size1; i++)
      t += AT(A, i, j);
    gsl_vector_set(b, j, t);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // 1. dz2: softmax of the scores minus the one-hot, averaged
  gsl_matrix_memcpy(g->dz2, cache->z2);
  softmax_rows(g->dz2);
  for (size_t i = 0; i < N; i++)
    AT(g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale(g->dz2, 1.0 / N);

  // 2./3. second layer
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  sum_over_rows(g->dz2, g->db2);

  // 4. back into the hidden layer
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // 5. through the relu
  relu_backward(cache->z1, g->dp1, g->dz1);

  // 6./7. first layer (same trick: beta = 2 reg on a copy of W1)
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  sum_over_rows(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
