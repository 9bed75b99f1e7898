/*
 * backward.c -- CS homework 3, backprop
 * by Olga Petrova
 *
 * own matrix type (Mat), own mat_mul / mat_T.  Results copied into g with
 * memcpy at the end (both row-major, same layout).
 *
 * TODO: free() everything on the error path too
 */

#include <stdlib.h>
#include <string.h>
#include "backprop/grads.h"

typedef struct {
  size_t rows, cols;
  double *v;
} Mat;

#define mat_get(m, i, j) ((m)->v[(i) * (m)->cols + (j)])

Mat *mat_new (size_t rows, size_t cols);
void mat_free (Mat *m);
Mat *mat_mul (const Mat *a, const Mat *b);
Mat *mat_T (const Mat *a);

Mat *
mat_new (size_t rows, size_t cols)
{
  Mat *m = malloc (sizeof *m);
  m->rows = rows;
  m->cols = cols;
  m->v = calloc (rows * cols, sizeof (double));
  return m;
}

void
mat_free (Mat *m)
{
  if (m)
    {
      free (m->v);
      free (m);
    }
}

static Mat *
mat_import (const gsl_matrix *a)
{
  Mat *m = mat_new (a->size1, a->size2);
  for (size_t i = 0; i < m->rows; i++)
    for (size_t j = 0; j < m->cols; j++)
      mat_get (m, i, j) = gsl_matrix_get (a, i, j);
  return m;
}

Mat *
mat_mul (const Mat *a, const Mat *b)
{
  Mat *c = mat_new (a->rows, b->cols);
  for (size_t i = 0; i < a->rows; i++)
    for (size_t j = 0; j < b->cols; j++)
      {
        double acc = 0.0;
        for (size_t k = 0; k < a->cols; k++)
          acc += mat_get (a, i, k) * mat_get (b, k, j);
        mat_get (c, i, j) = acc;
      }
  return c;
}

Mat *
mat_T (const Mat *a)
{
  Mat *t = mat_new (a->cols, a->rows);
  for (size_t i = 0; i < a->rows; i++)
    for (size_t j = 0; j < a->cols; j++)
      mat_get (t, j, i) = mat_get (a, i, j);
  return t;
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  Mat *x = mat_import (X);
  Mat *z1 = mat_import (cache->z1);
  Mat *p1 = mat_import (cache->p1);
  Mat *prob = mat_import (cache->prob);
  Mat *W1 = mat_import (net->W1);
  Mat *W2 = mat_import (net->W2);

  /* dL/dz2 */
  Mat *dz2 = mat_new (N, C);
  for (size_t i = 0; i < N; i++)
    {
      for (size_t j = 0; j < C; j++)
        mat_get (dz2, i, j) = mat_get (prob, i, j) / N;
      mat_get (dz2, i, y[i]) -= 1.0 / N;
    }

  /* dL/dW2 = p1^T dz2 + 2 reg W2 */
  Mat *p1T = mat_T (p1);
  Mat *dW2 = mat_mul (p1T, dz2);
  for (size_t k = 0; k < H * C; k++)
    dW2->v[k] += 2.0 * reg * W2->v[k];

  /* dL/db2 */
  double db2[C];
  for (size_t j = 0; j < C; j++)
    {
      db2[j] = 0.0;
      for (size_t i = 0; i < N; i++)
        db2[j] += mat_get (dz2, i, j);
    }

  /* dL/dp1 = dz2 W2^T */
  Mat *W2T = mat_T (W2);
  Mat *dp1 = mat_mul (dz2, W2T);

  /* dL/dz1 */
  Mat *dz1 = mat_new (N, H);
  for (size_t k = 0; k < N * H; k++)
    dz1->v[k] = z1->v[k] > 0.0 ? dp1->v[k] : 0.0;

  /* dL/dW1 = X^T dz1 + 2 reg W1 */
  Mat *dz1T = mat_T (dz1);
  Mat *dW1 = mat_mul (dz1T, x);
  for (size_t k = 0; k < D * H; k++)
    dW1->v[k] += 2.0 * reg * W1->v[k];

  /* dL/db1 */
  double db1[H];
  for (size_t j = 0; j < H; j++)
    {
      db1[j] = 0.0;
      for (size_t i = 0; i < N; i++)
        db1[j] += mat_get (dz1, i, j);
    }

  /* into g */
  memcpy (g->dz2->data, dz2->v, N * C * sizeof (double));
  memcpy (g->dW2->data, dW2->v, H * C * sizeof (double));
  memcpy (g->db2->data, db2, sizeof db2);
  memcpy (g->dp1->data, dp1->v, N * H * sizeof (double));
  memcpy (g->dz1->data, dz1->v, N * H * sizeof (double));
  memcpy (g->dW1->data, dW1->v, D * H * sizeof (double));
  memcpy (g->db1->data, db1, sizeof db1);

  mat_free (x); mat_free (z1); mat_free (p1); mat_free (prob);
  mat_free (W1); mat_free (W2); mat_free (dz2); mat_free (p1T);
  mat_free (dW2); mat_free (W2T); mat_free (dp1); mat_free (dz1);
  mat_free (dz1T); mat_free (dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
