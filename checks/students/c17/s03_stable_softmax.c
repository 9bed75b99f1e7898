/*
 * Two-layer net, backward.  Marcus Lindqvist, lab 5.
 *
 * I don't trust cache->prob (what if the forward used float exp?) so the
 * softmax is recomputed here from the scores with the max-subtraction
 * trick.  Weight gradients are sums of per-sample outer products (dger),
 * which is how the lecture slides write it: dW = sum_i x_i dz_i^T.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_rows (const gsl_matrix *S, gsl_matrix *P)
{
  gsl_matrix_memcpy (P, S);
  for (size_t i = 0; i < P->size1; i++)
    {
      gsl_vector_view r = gsl_matrix_row (P, i);
      gsl_vector_add_constant (&r.vector, -gsl_vector_max (&r.vector));
      for (size_t k = 0; k < P->size2; k++)
        gsl_vector_set (&r.vector, k, exp (gsl_vector_get (&r.vector, k)));
      gsl_vector_scale (&r.vector, 1.0 / gsl_blas_dasum (&r.vector));
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;

  /* scores -> probabilities -> dL/dscores */
  softmax_rows (cache->z2, g->dz2);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* db2: add up the rows of dz2 */
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_blas_daxpy (1.0, &r.vector, g->db2);
    }

  /* dW2 = 2 reg W2 + sum_i p1_i dz2_i^T */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, i);
      gsl_blas_dger (1.0, &a.vector, &d.vector, g->dW2);
    }

  /* back into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu gate, one row at a time */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1, penalty through beta */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_blas_daxpy (1.0, &r.vector, g->db1);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
