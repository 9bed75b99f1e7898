/* backward.c -- HW3 part 2, backward pass of the two-layer net
 *
 * Pair 7:  Priya R.   -- output layer (dz2, dW2, db2)
 *          Tomasz K.  -- hidden layer (dp1, dz1, dW1, db1) and the final
 *                        scaling / regularisation block
 *
 * Priya: I keep every gradient as a SUM over the batch until the very
 * end, because that is how I derived it on paper (no 1/N anywhere until
 * the last step).  The 1/N is applied once, to everything, at the end.
 *
 * Tomasz -- ok. my half just follows Priya's convention, everything is
 * unscaled until finish_up(). reg is added after the scaling (the penalty
 * is not part of the mean!!)
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* ------------------------------------------------------------------ */
/* Priya's helpers                                                     */
/* ------------------------------------------------------------------ */

/* dscores[i][j] = prob[i][j] - (j == y[i])   -- summed loss, no 1/N */
static void
softmax_grad_sum (const gsl_matrix *prob, const size_t *y,
                  gsl_matrix *dscores)
{
  size_t i, j;

  for (i = 0; i < prob->size1; i++)
    for (j = 0; j < prob->size2; j++)
      {
        double p = gsl_matrix_get (prob, i, j);
        if (j == y[i])
          p = p - 1.0;
        gsl_matrix_set (dscores, i, j, p);
      }
}

/* ------------------------------------------------------------------ */
/* Tomasz: final step                                                  */
/* ------------------------------------------------------------------ */

/* dW += 2*reg*W  (our loss has reg*|W|^2, no 0.5) */
static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c,
                      gsl_matrix_get (dW, r, c)
                      + 2.0 * reg * gsl_matrix_get (W, r, c));
}

static void
finish_up (bp_grads *g, const bp_net *net, double reg, size_t N)
{
  double s = 1.0 / (double) N;

  /* every one of the seven is a batch sum so far */
  gsl_matrix_scale (g->dz2, s);
  gsl_matrix_scale (g->dW2, s);
  gsl_vector_scale (g->db2, s);
  gsl_matrix_scale (g->dp1, s);
  gsl_matrix_scale (g->dz1, s);
  gsl_matrix_scale (g->dW1, s);
  gsl_vector_scale (g->db1, s);

  /* and only now the penalty */
  add_l2 (g->dW2, net->W2, reg);
  add_l2 (g->dW1, net->W1, reg);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j, k;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ======================= Priya ======================= */

  /* 1. dscores, stored straight into g->dz2 (unscaled for now) */
  softmax_grad_sum (cache->prob, y, g->dz2);

  /* 2. dW2[j][k] = sum_i p1[i][j] * dscores[i][k] */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j)
                 * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc);
      }

  /* 3. db2[k] = sum_i dscores[i][k] */
  for (k = 0; k < C; k++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* ======================= Tomasz ====================== */

  // delta1 = delta2 * W2^T     (N,C)x(C,H)
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  // relu gate: copy then kill the rows' dead units
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view d = gsl_matrix_row (g->dz1, i);
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, i);
      for (j = 0; j < H; j++)
        if (gsl_vector_get (&z.vector, j) <= 0.0)
          gsl_vector_set (&d.vector, j, 0.0);
    }

  // dW1 = X^T delta1
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  // db1 = delta1^T * ones
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);

  /* ===================== together ====================== */
  finish_up (g, net, reg, N);

  g->present = BP_GRADS_ALL;
  return 0;
}
