/*
 * backward.c  --  Ren Nakamura, NNfS HW3
 *
 * Raw ->data access with tda (row stride), a few small helpers.
 * The 1/N goes in at the start: dz2 = prob/N, then -1/N at the label.
 */

#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

/* out (K x M) = A^T B, A (R x K), B (R x M) */
static void
at_b (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t R = A->size1, K = A->size2, M = B->size2;
  for (size_t k = 0; k < K; k++)
    for (size_t m = 0; m < M; m++)
      AT (out, k, m) = 0.0;
  for (size_t r = 0; r < R; r++)
    for (size_t k = 0; k < K; k++)
      {
        double a = AT (A, r, k);
        for (size_t m = 0; m < M; m++)
          AT (out, k, m) += a * AT (B, r, m);
      }
}

/* out (R x K) = A B^T, A (R x M), B (K x M) */
static void
a_bt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t r = 0; r < A->size1; r++)
    for (size_t k = 0; k < B->size1; k++)
      {
        double acc = 0.0;
        for (size_t m = 0; m < A->size2; m++)
          acc += AT (A, r, m) * AT (B, k, m);
        AT (out, r, k) = acc;
      }
}

/* v[j] = sum_i A[i][j] */
static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < A->size1; i++)
        s += AT (A, i, j);
      v->data[j * v->stride] = s;
    }
}

/* dW += c * W */
static void
axpy_mat (double c, const gsl_matrix *W, gsl_matrix *dW)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      AT (dW, i, j) += c * AT (W, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t C = net->C, H = net->H;
  const double invN = 1.0 / N;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2: prob/N everywhere, then the label entry gets -1/N */
  for (size_t i = 0; i < N; i++)
    {
      for (size_t c = 0; c < C; c++)
        AT (g->dz2, i, c) = AT (cache->prob, i, c) * invN;
      AT (g->dz2, i, y[i]) -= invN;
    }

  at_b (cache->p1, g->dz2, g->dW2);
  axpy_mat (2 * reg, net->W2, g->dW2);
  colsum (g->dz2, g->db2);

  a_bt (g->dz2, net->W2, g->dp1);

  /* relu backward */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      AT (g->dz1, i, h) = AT (cache->z1, i, h) > 0 ? AT (g->dp1, i, h) : 0;

  at_b (X, g->dz1, g->dW1);
  axpy_mat (2 * reg, net->W1, g->dW1);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
