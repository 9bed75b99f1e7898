/* backward.c -- port of my numpy solution.  Helpers write into an output
 * argument (like numpy's out=) so I don't have to free so much.
 *
 * numpy:
 *   exp_scores = np.exp(scores - scores.max(axis=1, keepdims=True))
 *   probs = normalize(exp_scores)
 *   dscores = (probs - onehot) / N
 *   ...
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = op(A) . op(B) */
static void
matmul_into (const gsl_matrix *A, const gsl_matrix *B, int tA, int tB,
             gsl_matrix *out)
{
  gsl_blas_dgemm (tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans,
                  1.0, A, B, 0.0, out);
}

/* A /= A.sum(axis=axis, keepdims=True) */
static void
normalize (gsl_matrix *A, int axis)
{
  size_t i, j;
  if (axis == 1)
    for (i = 0; i < A->size1; i++)
      {
        double s = 0;
        for (j = 0; j < A->size2; j++)
          s += gsl_matrix_get (A, i, j);
        for (j = 0; j < A->size2; j++)
          gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) / s);
      }
  else
    for (j = 0; j < A->size2; j++)
      {
        double s = 0;
        for (i = 0; i < A->size1; i++)
          s += gsl_matrix_get (A, i, j);
        for (i = 0; i < A->size1; i++)
          gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) / s);
      }
}

/* out = A.sum(axis=0) */
static void
sum_axis0_into (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_vector_set (out, j, gsl_vector_get (out, j) + gsl_matrix_get (A, i, j));
}

/* out = dout * (x > 0) */
static void
relu_backward_into (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (out, i, j,
                      (gsl_matrix_get (x, i, j) > 0) * gsl_matrix_get (dout, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* exp_scores = exp(scores - max per row) */
  gsl_matrix *exp_scores = gsl_matrix_alloc (N, C);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (cache->z2, i);
      double mx = gsl_vector_max (&row.vector);
      for (j = 0; j < C; j++)
        gsl_matrix_set (exp_scores, i, j, exp (gsl_matrix_get (cache->z2, i, j) - mx));
    }
  normalize (exp_scores, 0);            /* now these are the probs */

  gsl_matrix *onehot = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);

  /* dscores = (probs - onehot) / N */
  gsl_matrix_memcpy (g->dz2, exp_scores);
  gsl_matrix_sub (g->dz2, onehot);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* grads_W2 = hidden.T.dot(dscores) + 2 reg W2 */
  matmul_into (cache->p1, g->dz2, 1, 0, g->dW2);
  gsl_matrix *regW2 = gsl_matrix_alloc (net->H, C);
  gsl_matrix_memcpy (regW2, net->W2);
  gsl_matrix_scale (regW2, 2 * reg);
  gsl_matrix_add (g->dW2, regW2);

  sum_axis0_into (g->dz2, g->db2);

  /* dhidden = dscores.dot(W2.T) */
  matmul_into (g->dz2, net->W2, 0, 1, g->dp1);
  relu_backward_into (g->dp1, cache->z1, g->dz1);

  /* grads_W1 = X.T.dot(dz1) + 2 reg W1 */
  matmul_into (X, g->dz1, 1, 0, g->dW1);
  gsl_matrix *regW1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (regW1, net->W1);
  gsl_matrix_scale (regW1, 2 * reg);
  gsl_matrix_add (g->dW1, regW1);

  sum_axis0_into (g->dz1, g->db1);

  gsl_matrix_free (exp_scores);
  gsl_matrix_free (onehot);
  gsl_matrix_free (regW2);
  gsl_matrix_free (regW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
