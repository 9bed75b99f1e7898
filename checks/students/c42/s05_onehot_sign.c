/* backward.c  (numpy -> C port of my two_layer_net.py)
 *
 *   probs = softmax(scores)
 *   dscores = probs - y_onehot ; dscores /= N
 *   dW2 = h.T @ dscores + 2 reg W2 ; db2 = dscores.sum(0)
 *   dh = dscores @ W2.T ; dh[z1 <= 0] = 0
 *   dW1 = X.T @ dh + 2 reg W1 ; db1 = dh.sum(0)
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = op(A) @ op(B) */
static gsl_matrix *
matmul (const gsl_matrix *A, const gsl_matrix *B, int tA, int tB)
{
  gsl_matrix *C = gsl_matrix_alloc (tA ? A->size2 : A->size1,
                                    tB ? B->size1 : B->size2);
  gsl_blas_dgemm (tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans,
                  1.0, A, B, 0.0, C);
  return C;
}

/* returns A - B (new matrix) */
static gsl_matrix *
subtract (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (R, A);
  gsl_matrix_sub (R, B);
  return R;
}

static gsl_vector *
sum_axis0 (const gsl_matrix *A)
{
  gsl_vector *s = gsl_vector_calloc (A->size2);
  for (size_t i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, i);
      gsl_vector_add (s, &row.vector);
    }
  return s;
}

/* A += alpha * B */
static void
add_inplace (gsl_matrix *A, const gsl_matrix *B, double alpha)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j,
                      gsl_matrix_get (A, i, j) + alpha * gsl_matrix_get (B, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax of the scores */
  gsl_matrix *probs = gsl_matrix_alloc (N, C);
  for (size_t i = 0; i < N; i++)
    {
      double denom = 0;
      for (size_t k = 0; k < C; k++)
        denom += exp (gsl_matrix_get (cache->z2, i, k));
      for (size_t k = 0; k < C; k++)
        gsl_matrix_set (probs, i, k, exp (gsl_matrix_get (cache->z2, i, k)) / denom);
    }

  gsl_matrix *y_onehot = gsl_matrix_calloc (N, C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (y_onehot, i, y[i], 1.0);

  gsl_matrix *dscores = subtract (y_onehot, probs);
  gsl_matrix_scale (dscores, 1.0 / N);

  gsl_matrix *dW2 = matmul (cache->p1, dscores, 1, 0);
  add_inplace (dW2, net->W2, 2 * reg);
  gsl_vector *db2 = sum_axis0 (dscores);

  gsl_matrix *dh = matmul (dscores, net->W2, 0, 1);
  gsl_matrix_memcpy (g->dp1, dh);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (dh, i, j, 0.0);

  gsl_matrix *dW1 = matmul (X, dh, 1, 0);
  add_inplace (dW1, net->W1, 2 * reg);
  gsl_vector *db1 = sum_axis0 (dh);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dW2, dW2);
  gsl_vector_memcpy (g->db2, db2);
  gsl_matrix_memcpy (g->dz1, dh);
  gsl_matrix_memcpy (g->dW1, dW1);
  gsl_vector_memcpy (g->db1, db1);

  gsl_matrix_free (probs);
  gsl_matrix_free (y_onehot);
  gsl_matrix_free (dscores);
  gsl_matrix_free (dW2);
  gsl_vector_free (db2);
  gsl_matrix_free (dh);
  gsl_matrix_free (dW1);
  gsl_vector_free (db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
