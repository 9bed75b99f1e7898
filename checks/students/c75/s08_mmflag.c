/* backward.c -- backward pass with my own small matrix multiply.
 *
 * mm() follows the BLAS convention: op(A) is m x k, op(B) is k x n, the
 * leading dimensions are those of the stored (untransposed) matrices.
 * (I wrote it for HW2, where the GSL BLAS wrapper kept complaining.)
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = op(A) op(B) + beta C, C is m x n */
static void
mm (int ta, int tb, size_t m, size_t n, size_t k,
    const double *A, const double *B, double beta, double *C)
{
  const size_t lda = ta ? m : k;
  const size_t ldb = tb ? k : n;

  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++)
      {
        double s = 0.0;
        for (size_t l = 0; l < k; l++)
          {
            const double a = ta ? A[l * lda + i] : A[i * lda + l];
            const double b = tb ? B[j * ldb + l] : B[l * ldb + j];
            s += a * b;
          }
        C[i * n + j] = s + beta * C[i * n + j];
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  /* mm() assumes packed rows */
  if (X->tda != D || cache->p1->tda != H || g->dz2->tda != C
      || g->dp1->tda != H || g->dz1->tda != H || cache->z1->tda != H)
    return 1;

  /* output layer */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      g->dz2->data[i * C + c] = (cache->prob->data[i * cache->prob->tda + c]
                                 - (c == y[i] ? 1.0 : 0.0)) / (double) N;

  gsl_matrix_memcpy (g->dW2, net->W2);
  mm (1, 0, H, C, N, cache->p1->data, g->dz2->data, 2.0 * reg, g->dW2->data);

  for (size_t c = 0; c < C; c++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += g->dz2->data[i * C + c];
      gsl_vector_set (g->db2, c, s);
    }

  /* hidden layer: dp1 (N x H) = dz2 (N x C) W2^T (C x H) */
  mm (0, 0, N, H, C, g->dz2->data, net->W2->data, 0.0, g->dp1->data);

  for (size_t i = 0; i < N * H; i++)
    g->dz1->data[i] = cache->z1->data[i] > 0.0 ? g->dp1->data[i] : 0.0;

  gsl_matrix_memcpy (g->dW1, net->W1);
  mm (1, 0, D, H, N, X->data, g->dz1->data, 2.0 * reg, g->dW1->data);

  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      g->db1->data[h * g->db1->stride] += g->dz1->data[i * H + h];

  g->present = BP_GRADS_ALL;
  return 0;
}
