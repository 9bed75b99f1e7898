/* hw2 backward -- M. Lindqvist
   nn_lib from hw1 works on raw row-major arrays with a leading dimension
   (ld = tda), so I pass ->data and ->tda around. */
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* C(m x n) = A^T(m x k) * B(k x n), A stored k x m */
void nn_gemm_tn(size_t m, size_t n, size_t k,
                const double *A, size_t lda,
                const double *B, size_t ldb,
                double *C, size_t ldc)
{
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++) {
      double acc = 0;
      for (size_t p = 0; p < k; p++)
        acc += A[p * lda + i] * B[p * ldb + j];
      C[i * ldc + j] = acc;
    }
}

/* C(m x n) = A(m x k) * B^T, B stored n x k */
void nn_gemm_nt(size_t m, size_t n, size_t k,
                const double *A, size_t lda,
                const double *B, size_t ldb,
                double *C, size_t ldc)
{
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++) {
      double acc = 0;
      for (size_t p = 0; p < k; p++)
        acc += A[i * lda + p] * B[j * ldb + p];
      C[i * ldc + j] = acc;
    }
}

/* y[j] = sum over rows of A */
void nn_colsum(size_t m, size_t n, const double *A, size_t lda,
               double *y, size_t incy)
{
  for (size_t j = 0; j < n; j++) y[j * incy] = 0;
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++)
      y[j * incy] += A[i * lda + j];
}

/* Y += a X */
void nn_axpy2d(size_t m, size_t n, double a, const double *X, size_t ldx,
               double *Y, size_t ldy)
{
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++)
      Y[i * ldy + j] += a * X[i * ldx + j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double *dz2 = g->dz2->data;  size_t ld2 = g->dz2->tda;
  const double *P = cache->prob->data;
  for (size_t i = 0; i < N; i++) {
    for (size_t c = 0; c < C; c++)
      dz2[i * ld2 + c] = P[i * cache->prob->tda + c] / N;
    dz2[i * ld2 + y[i]] -= 1.0 / N;
  }

  nn_gemm_tn(H, C, N, cache->p1->data, cache->p1->tda, dz2, ld2,
             g->dW2->data, g->dW2->tda);
  nn_axpy2d(H, C, 2 * reg, net->W2->data, net->W2->tda, g->dW2->data, g->dW2->tda);
  nn_colsum(N, C, dz2, ld2, g->db2->data, g->db2->stride);

  nn_gemm_nt(N, H, C, dz2, ld2, net->W2->data, net->W2->tda,
             g->dp1->data, g->dp1->tda);

  const double *z1 = cache->z1->data;
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++) {
      double d = g->dp1->data[i * g->dp1->tda + h];
      g->dz1->data[i * g->dz1->tda + h] = (z1[i * cache->z1->tda + h] > 0) ? d : 0;
    }

  nn_gemm_tn(D, H, N, X->data, X->tda, g->dz1->data, g->dz1->tda,
             g->dW1->data, g->dW1->tda);
  nn_axpy2d(D, H, 2 * reg, net->W1->data, net->W1->tda, g->dW1->data, g->dW1->tda);
  nn_colsum(N, H, g->dz1->data, g->dz1->tda, g->db1->data, g->db1->stride);

  g->present = BP_GRADS_ALL;
  return 0;
}
