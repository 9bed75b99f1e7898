/* backward.c -- Homework 3
 * Author: Daniel Okafor
 *
 * Plan:
 *   1. copy X, cache and weights into Mat (my struct, row-major, contiguous)
 *   2. do the backward pass with my helpers (matmul, transpose, l2 grad)
 *   3. memcpy the results into g (gsl is row-major too so the layout is
 *      the same, checked with a 2x3 example)
 */

#include <stdlib.h>
#include <string.h>
#include "backprop/grads.h"

typedef struct {
  size_t rows, cols;
  double *v;
} Mat;

#define GET(m, i, j) ((m)->v[(i) * (m)->cols + (j)])

static Mat *mat_alloc (size_t rows, size_t cols)
{
  Mat *m = malloc (sizeof (Mat));
  m->rows = rows;
  m->cols = cols;
  m->v = calloc (rows * cols, sizeof (double));
  return m;
}

static void mat_free (Mat *m)
{
  free (m->v);
  free (m);
}

static Mat *from_gsl (const gsl_matrix *g)
{
  Mat *m = mat_alloc (g->size1, g->size2);
  for (size_t i = 0; i < g->size1; i++)
    for (size_t j = 0; j < g->size2; j++)
      GET (m, i, j) = gsl_matrix_get (g, i, j);
  return m;
}

/* A^T */
static Mat *transpose (const Mat *A)
{
  Mat *T = mat_alloc (A->cols, A->rows);
  for (size_t i = 0; i < A->rows; i++)
    for (size_t j = 0; j < A->cols; j++)
      GET (T, j, i) = GET (A, i, j);
  return T;
}

/* A * B */
static Mat *matmul (const Mat *A, const Mat *B)
{
  Mat *R = mat_alloc (A->rows, B->cols);
  for (size_t i = 0; i < A->rows; i++)
    for (size_t j = 0; j < B->cols; j++)
      {
        double s = 0;
        for (size_t k = 0; k < A->cols; k++)
          s += GET (A, i, k) * GET (B, k, j);
        GET (R, i, j) = s;
      }
  return R;
}

/* gradient of the L2 penalty reg*||W||^2, added into dW */
static void l2_grad (Mat *dW, const Mat *W, double reg)
{
  for (size_t k = 0; k < dW->rows * dW->cols; k++)
    dW->v[k] += reg * W->v[k];
}

static void sum_over_batch (const Mat *A, double *out)
{
  memset (out, 0, A->cols * sizeof (double));
  for (size_t i = 0; i < A->rows; i++)
    for (size_t j = 0; j < A->cols; j++)
      out[j] += GET (A, i, j);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  Mat *x = from_gsl (X);
  Mat *z1 = from_gsl (cache->z1);
  Mat *p1 = from_gsl (cache->p1);
  Mat *prob = from_gsl (cache->prob);
  Mat *W1 = from_gsl (net->W1);
  Mat *W2 = from_gsl (net->W2);

  /* step 1: scores */
  Mat *dz2 = mat_alloc (N, C);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < C; j++)
      GET (dz2, i, j) = (GET (prob, i, j) - (y[i] == j)) / (double) N;

  /* step 2: second layer */
  Mat *p1T = transpose (p1);
  Mat *dW2 = matmul (p1T, dz2);
  l2_grad (dW2, W2, reg);
  double *db2 = malloc (C * sizeof (double));
  sum_over_batch (dz2, db2);

  Mat *W2T = transpose (W2);
  Mat *dp1 = matmul (dz2, W2T);

  /* step 3: relu */
  Mat *dz1 = mat_alloc (N, H);
  for (size_t k = 0; k < N * H; k++)
    if (z1->v[k] > 0)
      dz1->v[k] = dp1->v[k];

  /* step 4: first layer */
  Mat *xT = transpose (x);
  Mat *dW1 = matmul (xT, dz1);
  l2_grad (dW1, W1, reg);
  double *db1 = malloc (H * sizeof (double));
  sum_over_batch (dz1, db1);

  /* step 5: copy into g */
  memcpy (g->dz2->data, dz2->v, N * C * sizeof (double));
  memcpy (g->dW2->data, dW2->v, H * C * sizeof (double));
  memcpy (g->db2->data, db2, C * sizeof (double));
  memcpy (g->dp1->data, dp1->v, N * H * sizeof (double));
  memcpy (g->dz1->data, dz1->v, N * H * sizeof (double));
  memcpy (g->dW1->data, dW1->v, D * H * sizeof (double));
  memcpy (g->db1->data, db1, H * sizeof (double));

  mat_free (x); mat_free (z1); mat_free (p1); mat_free (prob);
  mat_free (W1); mat_free (W2); mat_free (dz2); mat_free (p1T);
  mat_free (dW2); mat_free (W2T); mat_free (dp1); mat_free (dz1);
  mat_free (xT); mat_free (dW1);
  free (db2); free (db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
