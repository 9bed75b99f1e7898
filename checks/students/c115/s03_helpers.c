/*
 * backward.c  --  hand-written backprop, two layer net
 *
 * Every matrix product here is written as a table of dot products.  The
 * helper dot_cols() does  A(:,a) . B(:,b)  and dot_rows() does
 * A(a,:) . B(b,:), so
 *
 *     dW = X^T dZ     ->  dW[a][b] = dot_cols(X, a, dZ, b)
 *     dX = dZ W^T     ->  dX[a][b] = dot_rows(dZ, a, W, b)
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

/* declare a const view called v of a row / column */
#define CROW(v, M, i) gsl_vector_const_view v = gsl_matrix_const_row ((M), (i))
#define CCOL(v, M, j) gsl_vector_const_view v = gsl_matrix_const_column ((M), (j))

static double
dot_cols (const gsl_matrix *A, size_t a, const gsl_matrix *B, size_t b)
{
  gsl_vector_const_view u = gsl_matrix_const_column (A, a);
  gsl_vector_const_view v = gsl_matrix_const_column (B, b);
  double r = 0;
  gsl_blas_ddot (&u.vector, &v.vector, &r);
  return r;
}

static double
dot_rows (const gsl_matrix *A, size_t a, const gsl_matrix *B, size_t b)
{
  gsl_vector_const_view u = gsl_matrix_const_row (A, a);
  gsl_vector_const_view v = gsl_matrix_const_row (B, b);
  double r = 0;
  gsl_blas_ddot (&u.vector, &v.vector, &r);
  return r;
}

/* dW = A^T dZ + 2 reg W, entry by entry */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  size_t a, b;
  for (a = 0; a < dW->size1; a++)
    for (b = 0; b < dW->size2; b++)
      gsl_matrix_set (dW, a, b, dot_cols (A, a, dZ, b)
                      + 2 * reg * gsl_matrix_get (W, a, b));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i, j;
  gsl_vector *mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores -> dz2 */
  for (i = 0; i < N; i++)
    {
      gsl_vector_view out = gsl_matrix_row (g->dz2, i);
      CROW (p, cache->prob, i);
      gsl_vector_memcpy (&out.vector, &p.vector);
      gsl_vector_set (&out.vector, y[i], gsl_vector_get (&out.vector, y[i]) - 1);
      gsl_vector_scale (&out.vector, 1.0 / N);
    }

  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);

  for (j = 0; j < net->C; j++)
    {
      CCOL (c, g->dz2, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&c.vector));
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dp1, i, j, dot_rows (g->dz2, i, net->W2, j));

  /* relu: multiply each row of dp1 by a 0/1 mask of the same row of z1 */
  mask = gsl_vector_alloc (net->H);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view out = gsl_matrix_row (g->dz1, i);
      CROW (d, g->dp1, i);
      for (j = 0; j < net->H; j++)
        gsl_vector_set (mask, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
      gsl_vector_memcpy (&out.vector, &d.vector);
      gsl_vector_mul (&out.vector, mask);
    }
  gsl_vector_free (mask);

  weight_grad (X, g->dz1, net->W1, reg, g->dW1);

  for (j = 0; j < net->H; j++)
    {
      CCOL (c, g->dz1, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&c.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
