/* backward.c -- HW3 backprop, C version of neural_net.py
 *
 *   helpers:  np_dot  np_sum_axis0  np_where_positive  np_scale  np_sub
 *   (all of them write into the last argument, which must be allocated)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define EL(M, r, c) ((M)->data[(r) * (M)->tda + (c)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
np_dot (int tA, const gsl_matrix *A, int tB, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans,
                  1.0, A, B, 0.0, out);
}

static void
np_sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  size_t r, c;
  for (c = 0; c < A->size2; c++)
    {
      double s = 0.0;
      for (r = 0; r < A->size1; r++)
        s += EL (A, r, c);
      gsl_vector_set (out, c, s);
    }
}

/* out = A where cond is positive, 0 elsewhere (relu derivative) */
static void
np_where_positive (const gsl_matrix *cond, const gsl_matrix *A, gsl_matrix *out)
{
  size_t r, c;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      EL (out, r, c) = EL (cond, r, c) >= 0.0 ? EL (A, r, c) : 0.0;
}

static void
np_scale (gsl_matrix *A, double s)
{
  size_t r, c;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      EL (A, r, c) *= s;
}

static void
np_sub (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      EL (out, r, c) = EL (A, r, c) - EL (B, r, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_matrix *Y, *rW1, *rW2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  Y = gsl_matrix_calloc (N, net->C);
  rW1 = gsl_matrix_alloc (net->D, net->H);
  rW2 = gsl_matrix_alloc (net->H, net->C);
  for (i = 0; i < N; i++)
    EL (Y, i, y[i]) = 1.0;

  /* reg parts: 2 * reg * W */
  gsl_matrix_memcpy (rW1, net->W1);
  np_scale (rW1, 2.0 * reg);
  gsl_matrix_memcpy (rW2, net->W2);
  np_scale (rW2, 2.0 * reg);

  /* dscores = (probs - Y) / N */
  np_sub (cache->prob, Y, g->dz2);
  np_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = h.T dscores + 2 reg W2,  db2 = sum(dscores, 0) */
  np_dot (1, cache->p1, 0, g->dz2, g->dW2);
  gsl_matrix_add (g->dW2, rW2);
  np_sum_axis0 (g->dz2, g->db2);

  /* dh = dscores W2.T */
  np_dot (0, g->dz2, 1, net->W2, g->dp1);

  /* relu: mask from h (h > 0 exactly where z1 > 0) */
  np_where_positive (cache->p1, g->dp1, g->dz1);

  /* dW1 = X.T dz1 + 2 reg W1,  db1 = sum(dz1, 0) */
  np_dot (1, X, 0, g->dz1, g->dW1);
  gsl_matrix_add (g->dW1, rW1);
  np_sum_axis0 (g->dz1, g->db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (rW1);
  gsl_matrix_free (rW2);
  g->present = BP_GRADS_ALL;
  return 0;
}
