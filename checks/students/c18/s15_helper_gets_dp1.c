/* backward.c -- Neural Networks (EE 8xx), lab 3: backprop in C
 *
 * Sofia Lindqvist   -- affine_param_grads() and layer 2
 * Wei Chen          -- relu + layer 1, reuses Sofia's helper
 *
 * Sofia: affine_param_grads(in, dZ, W, reg, dW, db) gives
 *        dW = in^T dZ + 2 reg W and db = column sums of dZ, for either layer.
 * Wei: dhidden / dpre naming from the lecture slides (dhidden = dL/dp1,
 *      dpre = dL/dz1).
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Sofia.  in (N,K), dZ (N,M), W (K,M), dW (K,M), db (M) */
static void
affine_param_grads (const gsl_matrix *in, const gsl_matrix *dZ,
                    const gsl_matrix *W, double reg,
                    gsl_matrix *dW, gsl_vector *db)
{
  size_t n, a, b;

  for (a = 0; a < in->size2; a++)
    for (b = 0; b < dZ->size2; b++)
      {
        double s = 2.0 * reg * gsl_matrix_get (W, a, b);
        for (n = 0; n < in->size1; n++)
          s += gsl_matrix_get (in, n, a) * gsl_matrix_get (dZ, n, b);
        gsl_matrix_set (dW, a, b, s);
      }
  for (b = 0; b < dZ->size2; b++)
    {
      double s = 0.0;
      for (n = 0; n < dZ->size1; n++)
        s += gsl_matrix_get (dZ, n, b);
      gsl_vector_set (db, b, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *dZ2 = g->dz2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---------- Sofia: layer 2 ---------- */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      {
        double v = gsl_matrix_get (cache->prob, i, j);
        gsl_matrix_set (dZ2, i, j, (j == y[i] ? v - 1.0 : v) / (double) N);
      }
  affine_param_grads (cache->p1, dZ2, net->W2, reg, g->dW2, g->db2);

  /* ---------- Wei: layer 1 ---------- */
  {
    gsl_matrix *dhidden = g->dp1;
    gsl_matrix *dpre = g->dz1;

    /* dhidden = dZ2 W2^T */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ2, net->W2, 0.0, dhidden);

    /* dpre = dhidden * relu'(z1) */
    gsl_matrix_memcpy (dpre, dhidden);
    for (i = 0; i < N; i++)
      {
        gsl_vector_view r = gsl_matrix_row (dpre, i);
        gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, i);
        for (j = 0; j < net->H; j++)
          gsl_vector_set (&r.vector, j,
                          gsl_vector_get (&z.vector, j) > 0.0
                          ? gsl_vector_get (&r.vector, j) : 0.0);
      }

    /* dW1, db1 with Sofia's helper */
    affine_param_grads (X, dhidden, net->W1, reg, g->dW1, g->db1);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
