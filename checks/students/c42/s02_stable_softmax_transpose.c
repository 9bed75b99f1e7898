/* backward.c
 * my numpy code, line by line in C.  I do not trust BLAS yet so all the
 * helpers are loops.  Softmax is the stable one (subtract the max of each
 * row first, like the course notes say).  I keep the gradients without the
 * 1/N while going back and divide everything by N at the end, then add
 * the regularization to the weights (reg * |W|^2 -> 2 * reg * W). */

#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* A.T */
static gsl_matrix *
transpose (const gsl_matrix *A)
{
  gsl_matrix *T = gsl_matrix_alloc (A->size2, A->size1);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (T, j, i, gsl_matrix_get (A, i, j));
  return T;
}

/* A.dot(B) */
static gsl_matrix *
dot (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_calloc (A->size1, B->size2);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < B->size2; j++)
      {
        double acc = 0;
        for (size_t k = 0; k < A->size2; k++)
          acc += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (R, i, j, acc);
      }
  return R;
}

/* A.sum(axis=0) */
static gsl_vector *
sum_axis0 (const gsl_matrix *A)
{
  gsl_vector *s = gsl_vector_calloc (A->size2);
  for (size_t j = 0; j < A->size2; j++)
    {
      double acc = 0;
      for (size_t i = 0; i < A->size1; i++)
        acc += gsl_matrix_get (A, i, j);
      gsl_vector_set (s, j, acc);
    }
  return s;
}

/* A *= s */
static void
scale (gsl_matrix *A, double s)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, s * gsl_matrix_get (A, i, j));
}

/* A += alpha * B */
static void
add_inplace (gsl_matrix *A, const gsl_matrix *B, double alpha)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j)
                      + alpha * gsl_matrix_get (B, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  const gsl_matrix *scores = cache->z2;
  const gsl_matrix *hidden = cache->p1;

  /* stable softmax: exp(scores - max) / sum */
  gsl_matrix *probs = gsl_matrix_alloc (N, C);
  for (size_t i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (scores, i, 0);
      for (size_t j = 1; j < C; j++)
        if (gsl_matrix_get (scores, i, j) > mx)
          mx = gsl_matrix_get (scores, i, j);
      double s = 0;
      for (size_t j = 0; j < C; j++)
        {
          gsl_matrix_set (probs, i, j, exp (gsl_matrix_get (scores, i, j) - mx));
          s += gsl_matrix_get (probs, i, j);
        }
      for (size_t j = 0; j < C; j++)
        gsl_matrix_set (probs, i, j, gsl_matrix_get (probs, i, j) / s);
    }

  /* one hot labels */
  gsl_matrix *Y = gsl_matrix_calloc (N, C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1);

  /* dscores = probs - Y   (no /N yet) */
  gsl_matrix *dscores = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (dscores, probs);
  add_inplace (dscores, Y, -1.0);

  /* dW2 = hidden.T.dot(dscores) */
  gsl_matrix *hidden_T = transpose (hidden);
  gsl_matrix *dW2 = dot (hidden_T, dscores);

  /* db2 = dscores.sum(axis=0) */
  gsl_vector *db2 = sum_axis0 (dscores);

  /* dhidden = dscores.dot(W2.T) */
  gsl_matrix *W2_T = transpose (net->W2);
  gsl_matrix *dhidden = dot (dscores, W2_T);

  /* dz1 = dhidden * (z1 > 0) */
  gsl_matrix *dz1 = gsl_matrix_alloc (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (dhidden, i, j) : 0.0);

  /* dW1 = X.T.dot(dz1), db1 = dz1.sum(axis=0) */
  gsl_matrix *X_T = transpose (X);
  gsl_matrix *dW1 = dot (X_T, dz1);
  gsl_vector *db1 = sum_axis0 (dz1);

  /* now the 1/N for everything */
  scale (dscores, 1.0 / N);
  scale (dW2, 1.0 / N);
  gsl_vector_scale (db2, 1.0 / N);
  scale (dhidden, 1.0 / N);
  scale (dz1, 1.0 / N);
  scale (dW1, 1.0 / N);
  gsl_vector_scale (db1, 1.0 / N);

  /* and the regularization, only on the weights */
  add_inplace (dW2, net->W2, 2 * reg);
  add_inplace (dW1, net->W1, 2 * reg);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dW2, dW2);
  gsl_vector_memcpy (g->db2, db2);
  gsl_matrix_memcpy (g->dp1, dhidden);
  gsl_matrix_memcpy (g->dz1, dz1);
  gsl_matrix_memcpy (g->dW1, dW1);
  gsl_vector_memcpy (g->db1, db1);

  gsl_matrix_free (probs);
  gsl_matrix_free (Y);
  gsl_matrix_free (dscores);
  gsl_matrix_free (dW2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (dz1);
  gsl_matrix_free (dW1);
  /* TODO free the transposes */

  g->present = BP_GRADS_ALL;
  return 0;
}
