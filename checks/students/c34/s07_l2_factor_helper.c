/* backward.c -- two-layer neural net, backward pass
 * Project 2, part B.
 *
 * Structure:
 *   - one static helper per operation (matmul_AtB, matmul_ABt, colsum,
 *     relu_mask, add_regularization)
 *   - backward() just calls them in the order of the computational graph
 *
 * Loss: L = (1/N) sum CE + reg * (||W1||^2 + ||W2||^2)
 */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B   A (N,K)  B (N,M)  out (K,M) */
static void
matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  assert (A->size1 == B->size1);
  assert (out->size1 == A->size2 && out->size2 == B->size2);
  for (size_t k = 0; k < A->size2; k++)
    for (size_t m = 0; m < B->size2; m++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < A->size1; n++)
          acc += gsl_matrix_get (A, n, k) * gsl_matrix_get (B, n, m);
        gsl_matrix_set (out, k, m, acc);
      }
}

/* out = A B^T   A (N,M)  B (K,M)  out (N,K) */
static void
matmul_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  assert (A->size2 == B->size2);
  for (size_t n = 0; n < A->size1; n++)
    for (size_t k = 0; k < B->size1; k++)
      {
        double acc = 0.0;
        for (size_t m = 0; m < A->size2; m++)
          acc += gsl_matrix_get (A, n, m) * gsl_matrix_get (B, k, m);
        gsl_matrix_set (out, n, k, acc);
      }
}

/* out[m] = sum_n A[n][m] */
static void
colsum (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t m = 0; m < A->size2; m++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < A->size1; n++)
        acc += gsl_matrix_get (A, n, m);
      gsl_vector_set (out, m, acc);
    }
}

/* out = dA .* [Z > 0] */
static void
relu_mask (const gsl_matrix *dA, const gsl_matrix *Z, gsl_matrix *out)
{
  for (size_t n = 0; n < Z->size1; n++)
    for (size_t k = 0; k < Z->size2; k++)
      gsl_matrix_set (out, n, k,
                      gsl_matrix_get (Z, n, k) > 0.0 ? gsl_matrix_get (dA, n, k) : 0.0);
}

/* grad += derivative of reg * ||W||^2 */
static void
add_regularization (const gsl_matrix *W, double reg, gsl_matrix *grad)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      {
        const double w = gsl_matrix_get (W, i, j);
        gsl_matrix_set (grad, i, j, gsl_matrix_get (grad, i, j) + reg * w);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* delta2 = (prob - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* layer 2 */
  matmul_AtB (cache->p1, g->dz2, g->dW2);
  add_regularization (net->W2, reg, g->dW2);
  colsum (g->dz2, g->db2);

  /* back into the hidden layer */
  matmul_ABt (g->dz2, net->W2, g->dp1);
  relu_mask (g->dp1, cache->z1, g->dz1);

  /* layer 1 */
  matmul_AtB (X, g->dz1, g->dW1);
  add_regularization (net->W1, reg, g->dW1);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
