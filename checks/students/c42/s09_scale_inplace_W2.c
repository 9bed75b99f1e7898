/* backward.c
 * Port of TwoLayerNet.loss (backward part).  Helpers are like numpy but
 * in C: matmul with transpose flags, scale, add_inplace, sum_axis0.
 * The net is const so I take copies of W1 and W2 first, like
 *   W1, W2 = self.params['W1'], self.params['W2']
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double
at (const gsl_matrix *A, int t, size_t i, size_t j)
{
  return t ? gsl_matrix_get (A, j, i) : gsl_matrix_get (A, i, j);
}

/* op(A) @ op(B), t = 1 means transposed; new matrix */
static gsl_matrix *
matmul (const gsl_matrix *A, const gsl_matrix *B, int tA, int tB)
{
  size_t n = tA ? A->size2 : A->size1;
  size_t K = tA ? A->size1 : A->size2;
  size_t m = tB ? B->size1 : B->size2;
  gsl_matrix *R = gsl_matrix_calloc (n, m);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
      {
        double s = 0;
        for (size_t k = 0; k < K; k++)
          s += at (A, tA, i, k) * at (B, tB, k, j);
        gsl_matrix_set (R, i, j, s);
      }
  return R;
}

static gsl_matrix *
copy (const gsl_matrix *A)
{
  gsl_matrix *R = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (R, A);
  return R;
}

/* A *= s; returns A so it can be used inside an expression */
static gsl_matrix *
scale (gsl_matrix *A, double s)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) * s);
  return A;
}

/* A += B */
static void
add_inplace (gsl_matrix *A, const gsl_matrix *B)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) + gsl_matrix_get (B, i, j));
}

static void
sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector_set_zero (out);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_vector_set (out, j, gsl_vector_get (out, j) + gsl_matrix_get (A, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *W1 = copy (net->W1);
  gsl_matrix *W2 = copy (net->W2);

  /* onehot */
  gsl_matrix *onehot = gsl_matrix_calloc (N, net->C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);

  /* dscores = (probs - onehot) / N */
  gsl_matrix *dscores = copy (cache->prob);
  gsl_matrix_sub (dscores, onehot);
  scale (dscores, 1.0 / N);

  /* grads['W2'] = h.T @ dscores + 2 * reg * W2 */
  gsl_matrix *grads_W2 = matmul (cache->p1, dscores, 1, 0);
  add_inplace (grads_W2, scale (W2, 2 * reg));

  /* grads['b2'] */
  sum_axis0 (dscores, g->db2);

  /* dhidden = dscores @ W2.T */
  gsl_matrix *dhidden = matmul (dscores, W2, 0, 1);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* relu: dhidden[z1 <= 0] = 0 */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (dhidden, i, j, 0.0);

  /* grads['W1'] = X.T @ dhidden + 2 * reg * W1 */
  gsl_matrix *grads_W1 = matmul (X, dhidden, 1, 0);
  add_inplace (grads_W1, scale (W1, 2 * reg));

  sum_axis0 (dhidden, g->db1);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dW2, grads_W2);
  gsl_matrix_memcpy (g->dz1, dhidden);
  gsl_matrix_memcpy (g->dW1, grads_W1);

  gsl_matrix_free (W1);
  gsl_matrix_free (W2);
  gsl_matrix_free (onehot);
  gsl_matrix_free (dscores);
  gsl_matrix_free (grads_W2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (grads_W1);

  g->present = BP_GRADS_ALL;
  return 0;
}
