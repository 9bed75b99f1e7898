/*
 * backward.c -- Assignment 2, Q3 (backprop for the 2-layer MLP)
 *
 * Authors: Mei Lin (output side), Jonas Weber (hidden side)
 *
 * Mei:   I think of dW2 as a sum of one outer product per sample,
 *        dW2 = sum_n p1[n]^T dz2[n], so that is how I wrote it (dger).
 * Jonas: my part goes row by row with dgemv, dp1[n] = W2 dz2[n].
 *        The relu mask uses p1 > 0, same thing as z1 > 0 since
 *        p1 = max(0, z1).
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* --- Jonas: small helper, dW += 2 reg W via a scaled copy --- */
static int
add_penalty (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  if (tmp == NULL)
    return 1;
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, c;
  double invN;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* ---------------- Mei ---------------- */

  /* (1) dz2 = (prob - onehot(y)) / N */
  for (n = 0; n < N; n++)
    for (c = 0; c < net->C; c++)
      {
        double t = (c == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, c,
                        invN * (gsl_matrix_get (cache->prob, n, c) - t));
      }

  /* (2) dW2 = sum over samples of outer(p1[n], dz2[n]) */
  gsl_matrix_set_zero (g->dW2);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, n);
      gsl_blas_dger (1.0, &a.vector, &d.vector, g->dW2);
    }

  /* (3) db2 */
  for (c = 0; c < net->C; c++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, s);
    }

  /* ---------------- Jonas ---------------- */

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* db2 again with dgemv (Jonas wrote this before Mei's loop was in;
     gives the same numbers, keep it as a cross-check) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* (4) dp1[n] = W2 dz2[n]   (H,C)x(C) */
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, n);
      gsl_vector_view out = gsl_matrix_row (g->dp1, n);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d.vector, 0.0, &out.vector);
    }

  /* (5) dz1 = dp1 where the unit was on */
  for (n = 0; n < N; n++)
    {
      size_t h;
      for (h = 0; h < net->H; h++)
        {
          double on = gsl_matrix_get (cache->p1, n, h) > 0.0 ? 1.0 : 0.0;
          gsl_matrix_set (g->dz1, n, h, on * gsl_matrix_get (g->dp1, n, h));
        }
    }

  /* (6) dW1 = X^T dz1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  /* (7) db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);

  /* penalties, both layers, at the end */
  if (add_penalty (g->dW2, net->W2, reg) || add_penalty (g->dW1, net->W1, reg))
    {
      fprintf (stderr, "backward: out of memory\n");
      return 1;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
