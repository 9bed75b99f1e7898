/* Backward pass, two-layer net (hw3).
   No transposes: the two helpers below read A transposed (or B
   transposed) directly through the indices, so no extra buffers.
   Every matrix is passed as (pointer, leading dimension) = (->data, ->tda). */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C (m x n) = A^T B, A is (k x m), B is (k x n) */
static void
mm_tn (const double *A, size_t lda, const double *B, size_t ldb,
       double *C, size_t ldc, size_t m, size_t k, size_t n)
{
  size_t i, j, p;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      {
        double acc = 0;
        for (p = 0; p < k; p++)
          acc += A[p * lda + i] * B[p * ldb + j];
        C[i * ldc + j] = acc;
      }
}

/* C (m x n) = A B^T, A is (m x k), B is (n x k) */
static void
mm_nt (const double *A, size_t lda, const double *B, size_t ldb,
       double *C, size_t ldc, size_t m, size_t k, size_t n)
{
  size_t i, j, p;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      {
        double acc = 0;
        for (p = 0; p < k; p++)
          acc += A[i * lda + p] * B[j * ldb + p];
        C[i * ldc + j] = acc;
      }
}

/* s[j] = sum_i A[i][j] */
static void
sum_rows (const double *A, size_t lda, double *s, size_t m, size_t n)
{
  size_t i, j;
  memset (s, 0, n * sizeof (double));
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      s[j] += A[i * lda + j];
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;
  const gsl_matrix *prob = cache->prob, *z1 = cache->z1;

  /* softmax + cross entropy */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      dz2->data[i * dz2->tda + j] =
        (prob->data[i * prob->tda + j] - (j == y[i] ? 1.0 : 0.0)) / N;

  /* W2, b2 */
  mm_tn (cache->p1->data, cache->p1->tda, dz2->data, dz2->tda,
         g->dW2->data, g->dW2->tda, H, N, C);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      g->dW2->data[i * g->dW2->tda + j] +=
        2 * reg * net->W2->data[i * net->W2->tda + j];
  sum_rows (dz2->data, dz2->tda, g->db2->data, N, C);

  /* back into the hidden layer */
  mm_nt (dz2->data, dz2->tda, net->W2->data, net->W2->tda,
         dp1->data, dp1->tda, N, C, H);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double d = dp1->data[i * dp1->tda + j];
        dz1->data[i * dz1->tda + j] = z1->data[i * z1->tda + j] > 0 ? d : 0;
      }

  /* W1, b1 */
  mm_tn (X->data, X->tda, dz1->data, dz1->tda,
         g->dW1->data, g->dW1->tda, D, N, H);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      g->dW1->data[i * g->dW1->tda + j] +=
        2 * reg * net->W1->data[i * net->W1->tda + j];
  sum_rows (dz1->data, dz1->tda, g->db1->data, N, H);

  g->present = BP_GRADS_ALL;
  return 0;
}
