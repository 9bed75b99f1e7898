/* backward.c -- numpy code ported to C.
 * I allocate one (N, C) and one (N, H) work array and reuse them, to
 * avoid lots of mallocs (numpy would make a new array every time).
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = op(A) op(B) where op is .T if the flag is set */
static void
matmul (const gsl_matrix *A, int tA, const gsl_matrix *B, int tB, gsl_matrix *out)
{
  size_t K = tA ? A->size1 : A->size2;
  for (size_t i = 0; i < out->size1; i++)
    for (size_t j = 0; j < out->size2; j++)
      {
        double s = 0;
        for (size_t k = 0; k < K; k++)
          {
            double a = tA ? gsl_matrix_get (A, k, i) : gsl_matrix_get (A, i, k);
            double b = tB ? gsl_matrix_get (B, j, k) : gsl_matrix_get (B, k, j);
            s += a * b;
          }
        gsl_matrix_set (out, i, j, s);
      }
}

/* out = A.sum(axis=0) */
static void
sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double s = 0;
      for (size_t i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, s);
    }
}

/* out = dout * (x > 0) */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *out)
{
  for (size_t i = 0; i < x->size1; i++)
    for (size_t j = 0; j < x->size2; j++)
      gsl_matrix_set (out, i, j,
                      gsl_matrix_get (x, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0);
}

/* A += alpha * B */
static void
add_inplace (gsl_matrix *A, const gsl_matrix *B, double alpha)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) + alpha * gsl_matrix_get (B, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *tmp_NC = gsl_matrix_calloc (N, net->C);
  gsl_matrix *tmp_NH = gsl_matrix_alloc (N, net->H);

  /* tmp_NC = onehot(y) */
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (tmp_NC, i, y[i], 1.0);

  /* dscores = (probs - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  add_inplace (g->dz2, tmp_NC, -1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = hidden.T dscores + 2 reg W2,  db2 = dscores.sum(0) */
  matmul (cache->p1, 1, g->dz2, 0, g->dW2);
  add_inplace (g->dW2, net->W2, 2 * reg);
  sum_axis0 (g->dz2, g->db2);

  /* dhidden = dscores W2.T */
  matmul (g->dz2, 0, net->W2, 1, tmp_NH);
  gsl_matrix_memcpy (g->dp1, tmp_NH);

  /* back through the relu */
  relu_backward (tmp_NH, cache->z1, g->dz1);

  /* dW1 = X.T dz1 + 2 reg W1,  db1 = dz1.sum(0) */
  matmul (X, 1, g->dz1, 0, g->dW1);
  add_inplace (g->dW1, net->W1, 2 * reg);
  sum_axis0 (tmp_NH, g->db1);

  gsl_matrix_free (tmp_NC);
  gsl_matrix_free (tmp_NH);

  g->present = BP_GRADS_ALL;
  return 0;
}
