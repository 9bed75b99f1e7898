/*
 * backward.c  --  assignment 3, backward pass in C
 *
 * Same as my numpy code, but the matrix products go through BLAS
 * (gsl_blas_dgemm), the TA said loops are too slow for training.
 *
 *   numpy                         here
 *   A.dot(B)                      np_dot (A, B, out, NoTrans, NoTrans)
 *   A.T.dot(B)                    np_dot (A, B, out, Trans, NoTrans)
 *   A.sum(axis=0)                 np_sum_axis0 (A, out)
 *   np.where(c > 0, A, 0)         np_where_positive (c, A, out)
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static int
np_dot (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out,
        CBLAS_TRANSPOSE_t ta, CBLAS_TRANSPOSE_t tb)
{
  return gsl_blas_dgemm (ta, tb, 1.0, A, B, 0.0, out);
}

/* column sums: out = A' * ones */
static int
np_sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  int status;
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);
  status = gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 0.0, out);
  gsl_vector_free (ones);
  return status;
}

static void
np_where_positive (const gsl_matrix *c, const gsl_matrix *A, gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < c->size1; i++)
    for (j = 0; j < c->size2; j++)
      gsl_matrix_set (out, i, j,
                      gsl_matrix_get (c, i, j) > 0.0 ? gsl_matrix_get (A, i, j) : 0.0);
}

static void
np_scale (gsl_matrix *A, double s)
{
  gsl_matrix_scale (A, s);
}

/* dW += 2 reg W, via a temporary like in numpy */
static int
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *t = gsl_matrix_alloc (W->size1, W->size2);
  if (t == NULL)
    return 1;
  gsl_matrix_memcpy (t, W);
  np_scale (t, 2.0 * reg);
  gsl_matrix_add (dW, t);
  gsl_matrix_free (t);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i;
  int err = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  np_scale (g->dz2, 1.0 / (double) N);

  /* grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2 */
  err |= np_dot (cache->p1, g->dz2, g->dW2, CblasTrans, CblasNoTrans);
  err |= add_reg (g->dW2, net->W2, reg);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  err |= np_sum_axis0 (g->dz2, g->db2);

  /* dhidden = dscores.dot(W2.T) */
  err |= np_dot (g->dz2, net->W2, g->dp1, CblasNoTrans, CblasTrans);

  /* relu: hidden > 0 is the same as z1 > 0 */
  np_where_positive (cache->p1, g->dp1, g->dz1);

  /* grads['W1'] = X.T.dot(dhidden) + 2*reg*W1 */
  err |= np_dot (X, g->dz1, g->dW1, CblasTrans, CblasNoTrans);
  err |= add_reg (g->dW1, net->W1, reg);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  err |= np_sum_axis0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return err ? 1 : 0;
}
