/*
 * backward.c -- assignment 3, exercise 2
 * Priya Raman
 *
 * Per-sample version: I go through the batch one sample at a time, like
 * the derivation on the whiteboard (chain rule for ONE example, then
 * average), and add each sample's outer products into the weight
 * gradients.  My own matrix struct, copied back element by element.
 */

#include <stdio.h>
#include <stdlib.h>
#include "backprop/grads.h"

typedef struct {
  size_t rows, cols;
  double *v;
} Mat;

#define mat_get(M, i, j)    ((M)->v[(i) * (M)->cols + (j)])
#define mat_set(M, i, j, x) ((M)->v[(i) * (M)->cols + (j)] = (x))

static Mat *mat_new(size_t rows, size_t cols)
{
  Mat *m = malloc(sizeof *m);
  m->rows = rows;
  m->cols = cols;
  m->v = calloc(rows * cols, sizeof(double));
  return m;
}

static void mat_free(Mat *m)
{
  if (!m) return;
  free(m->v);
  free(m);
}

static Mat *mat_copy_gsl(const gsl_matrix *A)
{
  Mat *m = mat_new(A->size1, A->size2);
  for (size_t i = 0; i < m->rows; i++)
    for (size_t j = 0; j < m->cols; j++)
      mat_set(m, i, j, gsl_matrix_get(A, i, j));
  return m;
}

/* C = A * B, plain triple loop (used only for the bias sums below) */
static Mat *mat_mul(const Mat *A, const Mat *B)
{
  Mat *Cm = mat_new(A->rows, B->cols);
  for (size_t i = 0; i < A->rows; i++)
    for (size_t j = 0; j < B->cols; j++) {
      double s = 0.0;
      for (size_t k = 0; k < A->cols; k++)
        s += mat_get(A, i, k) * mat_get(B, k, j);
      mat_set(Cm, i, j, s);
    }
  return Cm;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  Mat *Xm = mat_copy_gsl(X);
  Mat *P1 = mat_copy_gsl(cache->p1);
  Mat *PR = mat_copy_gsl(cache->prob);
  Mat *W1 = mat_copy_gsl(net->W1);
  Mat *W2 = mat_copy_gsl(net->W2);

  Mat *dZ2 = mat_new(N, C);
  Mat *dP1 = mat_new(N, H);
  Mat *dZ1 = mat_new(N, H);
  Mat *dW2 = mat_new(H, C);   /* calloc'd: start at zero */
  Mat *dW1 = mat_new(D, H);

  for (n = 0; n < N; n++) {
    /* scores gradient of sample n */
    for (j = 0; j < C; j++) {
      double t = (j == y[n]) ? 1.0 : 0.0;
      mat_set(dZ2, n, j, (mat_get(PR, n, j) - t) / N);
    }
    /* dW2 += p1[n]^T dz2[n]  (outer product) */
    for (i = 0; i < H; i++)
      for (j = 0; j < C; j++)
        mat_get(dW2, i, j) += mat_get(P1, n, i) * mat_get(dZ2, n, j);
    /* dp1[n] = dz2[n] W2^T and through the relu in the same loop;
       p1 > 0 exactly where z1 > 0 */
    for (i = 0; i < H; i++) {
      double s = 0.0;
      for (j = 0; j < C; j++)
        s += mat_get(dZ2, n, j) * mat_get(W2, i, j);
      mat_set(dP1, n, i, s);
      mat_set(dZ1, n, i, mat_get(P1, n, i) > 0.0 ? s : 0.0);
    }
    /* dW1 += x[n]^T dz1[n] */
    for (k = 0; k < D; k++)
      for (i = 0; i < H; i++)
        mat_get(dW1, k, i) += mat_get(Xm, n, k) * mat_get(dZ1, n, i);
  }

  /* regularization: loss has reg*sum(W^2), so the gradient is 2*reg*W */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      mat_get(dW2, i, j) += 2 * reg * mat_get(W2, i, j);
  for (k = 0; k < D; k++)
    for (i = 0; i < H; i++)
      mat_get(dW1, k, i) += 2 * reg * mat_get(W1, k, i);

  /* bias gradients = ones(1,N) * delta */
  Mat *ones = mat_new(1, N);
  for (n = 0; n < N; n++)
    mat_set(ones, 0, n, 1.0);
  Mat *db2 = mat_mul(ones, dZ2);
  Mat *db1 = mat_mul(ones, dZ1);

  /* copy everything back into g, one entry at a time */
  for (n = 0; n < N; n++) {
    for (j = 0; j < C; j++)
      gsl_matrix_set(g->dz2, n, j, mat_get(dZ2, n, j));
    for (i = 0; i < H; i++) {
      gsl_matrix_set(g->dp1, n, i, mat_get(dP1, n, i));
      gsl_matrix_set(g->dz1, n, i, mat_get(dZ1, n, i));
    }
  }
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set(g->dW2, i, j, mat_get(dW2, i, j));
  for (k = 0; k < D; k++)
    for (i = 0; i < H; i++)
      gsl_matrix_set(g->dW1, k, i, mat_get(dW1, k, i));
  for (j = 0; j < C; j++)
    gsl_vector_set(g->db2, j, mat_get(db2, 0, j));
  for (i = 0; i < H; i++)
    gsl_vector_set(g->db1, i, mat_get(db1, 0, i));

  mat_free(Xm); mat_free(P1); mat_free(PR); mat_free(W1); mat_free(W2);
  mat_free(dZ2); mat_free(dP1); mat_free(dZ1); mat_free(dW2); mat_free(dW1);
  mat_free(ones); mat_free(db2); mat_free(db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
