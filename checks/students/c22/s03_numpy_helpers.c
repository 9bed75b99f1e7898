/*
 * backward.c  (assignment 3, two-layer net)
 * Author: Kenji Sato
 *
 * I wrote small helpers that behave like the numpy functions I know
 * (np.dot, .T, np.sum(axis=0), *), so the backward pass below reads like
 * my python version.  Every helper that returns a matrix allocates it, the
 * caller frees it.
 */
#include <stdio.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* np.dot(A, B) */
static gsl_matrix *
matmul (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *out = gsl_matrix_alloc (A->size1, B->size2);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < B->size2; j++)
      {
        double acc = 0.0;
        for (size_t k = 0; k < A->size2; k++)
          acc += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (out, i, j, acc);
      }
  return out;
}

/* A.T */
static gsl_matrix *
transpose (const gsl_matrix *A)
{
  gsl_matrix *t = gsl_matrix_alloc (A->size2, A->size1);
  gsl_matrix_transpose_memcpy (t, A);
  return t;
}

/* np.sum(A, axis=0) -> out (length A->size2) */
static void
sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix *dscores = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (dscores, cache->prob);
  for (size_t i = 0; i < N; i++)
    dscores->data[i * dscores->tda + y[i]] -= 1.0;
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* grads['W2'] = 2*reg*W2 + p1.T.dot(dscores)   (reg first, order
     does not matter for a sum) */
  gsl_matrix *p1T = transpose (cache->p1);
  gsl_matrix *tmp = matmul (p1T, dscores);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);
  gsl_matrix_free (p1T);

  sum_axis0 (dscores, g->db2);

  /* dhidden = dscores.dot(W2.T), done as (W2 . dscores.T).T because I
     had the transpose helper open anyway */
  gsl_matrix *dsT = transpose (dscores);
  gsl_matrix *dhT = matmul (net->W2, dsT);         /* (H, N) */
  gsl_matrix_transpose_memcpy (g->dp1, dhT);
  gsl_matrix_free (dhT);
  gsl_matrix_free (dsT);

  /* dhidden[z1 <= 0] = 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* W1 */
  gsl_matrix *XT = transpose (X);
  gsl_matrix *dW1 = matmul (XT, g->dz1);
  for (size_t i = 0; i < net->D; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, i, j,
                      gsl_matrix_get (dW1, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
  gsl_matrix_free (dW1);
  gsl_matrix_free (XT);

  sum_axis0 (g->dz1, g->db1);

  gsl_matrix_free (dscores);
  g->present = BP_GRADS_ALL;
  return 0;
}
