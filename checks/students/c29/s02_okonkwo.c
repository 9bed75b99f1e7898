/*
 * Assignment 1, Q4 -- two layer net, backward pass in C.
 * Name: R. Okonkwo
 *
 * Vectorised version (whole batch at once with dgemm), the same as my
 * numpy code.  I don't trust cache->prob (what if the forward pass was
 * done with the overflow-prone exp?) so I redo the softmax from the
 * scores, shifted by the row max.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = softmax(scores), row by row, with the max trick */
static void
stable_softmax (const gsl_matrix *scores, gsl_matrix *out)
{
  for (size_t i = 0; i < scores->size1; i++)
    {
      double mx = -GSL_POSINF, tot = 0.0;
      for (size_t k = 0; k < scores->size2; k++)
        mx = GSL_MAX_DBL (mx, gsl_matrix_get (scores, i, k));
      for (size_t k = 0; k < scores->size2; k++)
        {
          double e = exp (gsl_matrix_get (scores, i, k) - mx);
          gsl_matrix_set (out, i, k, e);
          tot += e;
        }
      for (size_t k = 0; k < scores->size2; k++)
        gsl_matrix_set (out, i, k, gsl_matrix_get (out, i, k) / tot);
    }
}

/* column sums of A into v */
static void
col_sums (const gsl_matrix *A, gsl_vector *v)
{
  gsl_vector_set_zero (v);
  for (size_t i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (v, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;

  /* ---- scores -> dscores ---- */
  stable_softmax (cache->z2, g->dz2);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* ---- second layer ----
   * start dW2 at the regulariser gradient 2*reg*W2, then add p1' dz2
   * with beta = 1 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  1.0, g->dW2);
  col_sums (g->dz2, g->db2);

  /* ---- hidden ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (!(gsl_matrix_get (cache->p1, i, j) > 0))   /* relu was off */
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* ---- first layer ---- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  col_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
