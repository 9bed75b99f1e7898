/***********************************************************************
 *  backward.c                                  ECE 5xx  --  Project 2  *
 *  Name : Wei Zhang                                                   *
 *                                                                     *
 *  Backward pass of the 2 layer network. I copy the gsl matrices into *
 *  my own arrays (mat_t below), do the math with my small matrix      *
 *  library from project 1 and copy back at the end.                   *
 ***********************************************************************/

#include <stdlib.h>
#include "backprop/grads.h"

typedef struct { size_t r, c; double *v; } mat_t;

static mat_t  mat_new (size_t r, size_t c);
static mat_t  mat_from (const gsl_matrix *m);
static void   mat_back (const mat_t *a, gsl_matrix *m);
static void   mat_del (mat_t *a);
static void   matmul (const mat_t *A, const mat_t *B, mat_t *Cm, size_t n, size_t k, size_t m);
static void   transpose (const mat_t *A, mat_t *T);

#define AT(M, i, j) ((M).v[(i) * (M).c + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  mat_t x = mat_from (X), p1 = mat_from (cache->p1), z1 = mat_from (cache->z1);
  mat_t W1 = mat_from (net->W1), W2 = mat_from (net->W2);
  mat_t prob = mat_from (cache->prob);
  mat_t xT = mat_new (D, N), p1T = mat_new (H, N), W2T = mat_new (C, H);
  mat_t dz2 = mat_new (N, C), dW2 = mat_new (H, C), dp1 = mat_new (N, H);
  mat_t dz1 = mat_new (N, H), dW1 = mat_new (D, H);
  double invN = 1 / N;                  /* average over the batch */

  /* ---- Step 1 : scores ---- */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      AT (dz2, i, j) = (AT (prob, i, j) - (j == y[i])) * invN;

  /* ---- Step 2 : W2, b2 ---- */
  transpose (&p1, &p1T);
  matmul (&p1T, &dz2, &dW2, H, N, C);
  for (i = 0; i < H * C; i++)
    dW2.v[i] += 2 * reg * W2.v[i];
  for (j = 0; j < C; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += AT (dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* ---- Step 3 : hidden layer ---- */
  transpose (&W2, &W2T);
  matmul (&dz2, &W2T, &dp1, N, C, H);
  for (i = 0; i < N * H; i++)
    dz1.v[i] = z1.v[i] > 0 ? dp1.v[i] : 0;

  /* ---- Step 4 : W1, b1 ---- */
  transpose (&x, &xT);
  matmul (&xT, &dz1, &dW1, D, N, H);
  for (i = 0; i < D * H; i++)
    dW1.v[i] += 2 * reg * W1.v[i];
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += AT (dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  /* ---- copy back ---- */
  mat_back (&dz2, g->dz2);
  mat_back (&dW2, g->dW2);
  mat_back (&dp1, g->dp1);
  mat_back (&dz1, g->dz1);
  mat_back (&dW1, g->dW1);
  g->present = BP_GRADS_ALL;

  mat_del (&x); mat_del (&p1); mat_del (&z1); mat_del (&W1); mat_del (&W2);
  mat_del (&prob); mat_del (&xT); mat_del (&p1T); mat_del (&W2T);
  mat_del (&dz2); mat_del (&dW2); mat_del (&dp1); mat_del (&dz1); mat_del (&dW1);
  return 0;
}

/*=========================== matrix library ===========================*/

static mat_t
mat_new (size_t r, size_t c)
{
  mat_t a = { r, c, calloc (r * c, sizeof (double)) };
  return a;
}

static mat_t
mat_from (const gsl_matrix *m)
{
  mat_t a = mat_new (m->size1, m->size2);
  for (size_t i = 0; i < a.r; i++)
    for (size_t j = 0; j < a.c; j++)
      AT (a, i, j) = gsl_matrix_get (m, i, j);
  return a;
}

static void
mat_back (const mat_t *a, gsl_matrix *m)
{
  for (size_t i = 0; i < a->r; i++)
    for (size_t j = 0; j < a->c; j++)
      gsl_matrix_set (m, i, j, AT (*a, i, j));
}

static void
mat_del (mat_t *a)
{
  free (a->v);
  a->v = NULL;
}

/* C (n x m) = A (n x k) * B (k x m) */
static void
matmul (const mat_t *A, const mat_t *B, mat_t *Cm, size_t n, size_t k, size_t m)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
      {
        double s = 0;
        for (size_t t = 0; t < k; t++)
          s += AT (*A, i, t) * AT (*B, t, j);
        AT (*Cm, i, j) = s;
      }
}

static void
transpose (const mat_t *A, mat_t *T)
{
  for (size_t i = 0; i < A->r; i++)
    for (size_t j = 0; j < A->c; j++)
      AT (*T, j, i) = AT (*A, i, j);
}
