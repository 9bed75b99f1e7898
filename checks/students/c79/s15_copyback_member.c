/* backward.c -- Lucas G.
 * Matrix struct + "methods", then copy results back into g at the end. */
#include <stdlib.h>
#include "backprop/grads.h"

typedef struct {
  int rows;
  int cols;
  double **data;
} Matrix;

static Matrix *mat_alloc(int rows, int cols)
{
  Matrix *m = malloc(sizeof *m);
  m->rows = rows;
  m->cols = cols;
  m->data = malloc(rows * sizeof *m->data);
  for (int i = 0; i < rows; i++)
    m->data[i] = calloc(cols, sizeof **m->data);
  return m;
}

static void mat_free(Matrix *m)
{
  for (int i = 0; i < m->rows; i++)
    free(m->data[i]);
  free(m->data);
  free(m);
}

static Matrix *to_2d(const gsl_matrix *src)
{
  Matrix *m = mat_alloc(src->size1, src->size2);
  for (int i = 0; i < m->rows; i++)
    for (int j = 0; j < m->cols; j++)
      m->data[i][j] = gsl_matrix_get(src, i, j);
  return m;
}

static void from_2d(gsl_matrix *dst, const Matrix *m)
{
  for (int i = 0; i < m->rows; i++)
    for (int j = 0; j < m->cols; j++)
      gsl_matrix_set(dst, i, j, m->data[i][j]);
}

static Matrix *mat_copy(const Matrix *a)   /* deep copy */
{
  Matrix *c = mat_alloc(a->rows, a->cols);
  for (int i = 0; i < a->rows; i++)
    for (int j = 0; j < a->cols; j++)
      c->data[i][j] = a->data[i][j];
  return c;
}

static Matrix *transpose(const Matrix *a)
{
  Matrix *t = mat_alloc(a->cols, a->rows);
  for (int i = 0; i < a->rows; i++)
    for (int j = 0; j < a->cols; j++)
      t->data[j][i] = a->data[i][j];
  return t;
}

static Matrix *matmul(const Matrix *a, const Matrix *b)
{
  Matrix *c = mat_alloc(a->rows, b->cols);
  for (int i = 0; i < a->rows; i++)
    for (int j = 0; j < b->cols; j++)
      for (int k = 0; k < a->cols; k++)
        c->data[i][j] += a->data[i][k] * b->data[k][j];
  return c;
}

static void add_scaled_inplace(Matrix *a, const gsl_matrix *w, double s)
{
  for (int i = 0; i < a->rows; i++)
    for (int j = 0; j < a->cols; j++)
      a->data[i][j] += s * gsl_matrix_get(w, i, j);
}

static void col_sums(const Matrix *a, gsl_vector *out)
{
  for (int j = 0; j < a->cols; j++) {
    double s = 0.0;
    for (int i = 0; i < a->rows; i++)
      s += a->data[i][j];
    gsl_vector_set(out, j, s);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1;
  Matrix *x = to_2d(X), *z1 = to_2d(cache->z1), *p1 = to_2d(cache->p1);
  Matrix *W2 = to_2d(net->W2);

  Matrix *dz2 = to_2d(cache->prob);
  for (int i = 0; i < N; i++) {
    dz2->data[i][y[i]] -= 1.0;
    for (int j = 0; j < dz2->cols; j++)
      dz2->data[i][j] /= N;
  }

  Matrix *p1T = transpose(p1);
  Matrix *dW2 = matmul(p1T, dz2);
  add_scaled_inplace(dW2, net->W2, 2.0 * reg);
  col_sums(dz2, g->db2);

  Matrix *W2T = transpose(W2);
  Matrix *dp1 = matmul(dz2, W2T);

  Matrix *dz1 = mat_copy(dp1);            /* relu backward on a copy */
  for (int i = 0; i < dz1->rows; i++)
    for (int j = 0; j < dz1->cols; j++)
      if (z1->data[i][j] <= 0.0)
        dz1->data[i][j] = 0.0;

  Matrix *xT = transpose(x);
  Matrix *dW1 = matmul(xT, dz1);
  add_scaled_inplace(dW1, net->W1, 2.0 * reg);
  col_sums(dz1, g->db1);

  from_2d(g->dz2, dz2);
  from_2d(g->dW2, dW2);
  from_2d(g->dp1, dz1);
  from_2d(g->dz1, dz1);
  from_2d(g->dW1, dW1);

  mat_free(x); mat_free(z1); mat_free(p1); mat_free(W2);
  mat_free(dz2); mat_free(p1T); mat_free(dW2); mat_free(W2T);
  mat_free(dp1); mat_free(dz1); mat_free(xT); mat_free(dW1);
  g->present = BP_GRADS_ALL;
  return 0;
}
