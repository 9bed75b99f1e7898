/* backward.c  --  HW3 part 2, backward pass of the two layer net
 * Ana Kovacs, lab group 4
 *
 * I do not trust the gsl_matrix API (tda, views, who owns what...) so
 * everything is copied into my own small matrix type first, all the math
 * is done there, and the results are copied back into g at the very end.
 *
 * Two things that are maybe unusual:
 *  - the softmax is recomputed from the scores z2 with the max trick
 *    instead of reading cache->prob (my numpy version overflowed once);
 *  - the 1/N of the mean is left out while going backwards and applied
 *    once at the end to every gradient (it is linear, so that is fine),
 *    then the L2 term is added.
 */

#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "backprop/grads.h"

typedef struct
{
  size_t rows, cols;
  double *v;
} Mat;

#define MAT_AT(m, i, j) ((m)->v[(i) * (m)->cols + (j)])

static Mat
mat_new (size_t rows, size_t cols)
{
  Mat m;
  m.rows = rows;
  m.cols = cols;
  m.v = calloc (rows * cols, sizeof (double));
  return m;
}

static void
mat_free (Mat *m)
{
  free (m->v);
  m->v = NULL;
  m->rows = m->cols = 0;
}

static Mat
mat_from_gsl (const gsl_matrix *A)
{
  Mat m = mat_new (A->size1, A->size2);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      MAT_AT (&m, i, j) = gsl_matrix_get (A, i, j);
  return m;
}

static void
mat_to_gsl (const Mat *m, gsl_matrix *A)
{
  for (size_t i = 0; i < m->rows; i++)
    for (size_t j = 0; j < m->cols; j++)
      gsl_matrix_set (A, i, j, MAT_AT (m, i, j));
}

/* C = A^T B,  A is (n, p), B is (n, q), C is (p, q) */
static Mat
mat_mul_tn (const Mat *A, const Mat *B)
{
  Mat Cm = mat_new (A->cols, B->cols);
  for (size_t k = 0; k < A->rows; k++)
    for (size_t i = 0; i < A->cols; i++)
      {
        double a = MAT_AT (A, k, i);
        if (a == 0.0)
          continue;             /* relu zeros, skip them */
        for (size_t j = 0; j < B->cols; j++)
          MAT_AT (&Cm, i, j) += a * MAT_AT (B, k, j);
      }
  return Cm;
}

/* C = A B^T,  A is (n, p), B is (q, p), C is (n, q) */
static Mat
mat_mul_nt (const Mat *A, const Mat *B)
{
  Mat Cm = mat_new (A->rows, B->rows);
  for (size_t i = 0; i < A->rows; i++)
    for (size_t j = 0; j < B->rows; j++)
      {
        double s = 0.0;
        for (size_t k = 0; k < A->cols; k++)
          s += MAT_AT (A, i, k) * MAT_AT (B, j, k);
        MAT_AT (&Cm, i, j) = s;
      }
  return Cm;
}

/* column sums of A, into out (A->cols entries) */
static void
col_sums (const Mat *A, double *out)
{
  for (size_t j = 0; j < A->cols; j++)
    out[j] = 0.0;
  for (size_t i = 0; i < A->rows; i++)
    for (size_t j = 0; j < A->cols; j++)
      out[j] += MAT_AT (A, i, j);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  Mat x = mat_from_gsl (X);
  Mat z1 = mat_from_gsl (cache->z1);
  Mat p1 = mat_from_gsl (cache->p1);
  Mat z2 = mat_from_gsl (cache->z2);
  Mat w1 = mat_from_gsl (net->W1);
  Mat w2 = mat_from_gsl (net->W2);

  /* G = N * dz2 = softmax(z2) - onehot(y), softmax recomputed */
  Mat G = mat_new (N, C);
  for (size_t i = 0; i < N; i++)
    {
      double mx = MAT_AT (&z2, i, 0);
      for (size_t j = 1; j < C; j++)
        if (MAT_AT (&z2, i, j) > mx)
          mx = MAT_AT (&z2, i, j);
      double tot = 0.0;
      for (size_t j = 0; j < C; j++)
        {
          MAT_AT (&G, i, j) = exp (MAT_AT (&z2, i, j) - mx);
          tot += MAT_AT (&G, i, j);
        }
      for (size_t j = 0; j < C; j++)
        MAT_AT (&G, i, j) /= tot;
      MAT_AT (&G, i, y[i]) -= 1.0;
    }

  /* everything below is "times N" until the end */
  Mat dW2 = mat_mul_tn (&p1, &G);
  double *db2 = malloc (C * sizeof (double));
  col_sums (&G, db2);
  Mat dp1 = mat_mul_nt (&G, &w2);

  Mat dz1 = mat_new (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      MAT_AT (&dz1, i, j) = MAT_AT (&z1, i, j) > 0.0 ? MAT_AT (&dp1, i, j) : 0.0;

  Mat dW1 = mat_mul_tn (&x, &dz1);
  double *db1 = malloc (H * sizeof (double));
  col_sums (&dz1, db1);

  /* now divide by N, and add d/dW of reg*||W||^2 = 2*reg*W */
  const double invN = 1.0 / (double) N;
  for (size_t k = 0; k < N * C; k++)
    G.v[k] *= invN;
  for (size_t k = 0; k < N * H; k++)
    {
      dp1.v[k] *= invN;
      dz1.v[k] *= invN;
    }
  for (size_t k = 0; k < dW2.rows * dW2.cols; k++)
    dW2.v[k] = dW2.v[k] * invN + 2.0 * reg * w2.v[k];
  for (size_t k = 0; k < dW1.rows * dW1.cols; k++)
    dW1.v[k] = dW1.v[k] * invN + 2.0 * reg * w1.v[k];
  for (size_t j = 0; j < C; j++)
    db2[j] *= invN;
  for (size_t j = 0; j < H; j++)
    db1[j] *= invN;

  /* copy back */
  mat_to_gsl (&G, g->dz2);
  mat_to_gsl (&dW2, g->dW2);
  mat_to_gsl (&dp1, g->dp1);
  mat_to_gsl (&dz1, g->dz1);
  mat_to_gsl (&dW1, g->dW1);
  for (size_t j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, db2[j]);
  for (size_t j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, db1[j]);

  mat_free (&x); mat_free (&z1); mat_free (&p1); mat_free (&z2);
  mat_free (&w1); mat_free (&w2); mat_free (&G);
  mat_free (&dW2); mat_free (&dp1); mat_free (&dz1); mat_free (&dW1);
  free (db2);
  free (db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
