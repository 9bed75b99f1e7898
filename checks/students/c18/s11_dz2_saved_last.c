/* backward.c -- two-layer net, backward pass (Homework 2, COMP 4107)
 *
 * Yusuf T.   output layer: my own dscores matrix, loops
 * Hannah L.  hidden layer: gsl_blas, reads delta2 (= g->dz2)
 *
 * Yusuf: our first version only filled dW1 db1 dW2 db2 (like the numpy
 * assignment).  For gradcheck I now also store dz2/dp1/dz1.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;
  gsl_matrix *dscores;
  gsl_matrix *delta2 = g->dz2;  /* Hannah's names */
  gsl_matrix *delta1 = g->dz1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---------- Yusuf ---------- */
  dscores = gsl_matrix_alloc (N, C);
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double v = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          v -= 1.0;
        gsl_matrix_set (dscores, n, c, v / (double) N);
      }

  /* dW2 = hidden^T dscores, plus reg */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (dscores, n, c);
        s += 2.0 * reg * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dW2, h, c, s);
      }

  /* db2 = sum of dscores over the samples */
  for (c = 0; c < C; c++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (dscores, n, c);
      gsl_vector_set (g->db2, c, s);
    }

  /* ---------- Hannah ---------- */

  /* dp1 = delta2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta2, net->W2, 0.0, g->dp1);

  /* delta1 = dp1 o relu'(z1) */
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view zr = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_const_view pr = gsl_matrix_const_row (g->dp1, n);
      gsl_vector_view dr = gsl_matrix_row (delta1, n);
      for (h = 0; h < H; h++)
        gsl_vector_set (&dr.vector, h, gsl_vector_get (&zr.vector, h) > 0.0
                                       ? gsl_vector_get (&pr.vector, h) : 0.0);
    }

  /* dW1 = X^T delta1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, delta1, 2.0 * reg, g->dW1);

  /* db1 = sum_n delta1[n] */
  gsl_vector_set_zero (g->db1);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (delta1, n);
      gsl_vector_add (g->db1, &r.vector);
    }

  /* ---------- Yusuf: gradcheck wants dz2 as well (added last) ---------- */
  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_free (dscores);

  g->present = BP_GRADS_ALL;
  return 0;
}
