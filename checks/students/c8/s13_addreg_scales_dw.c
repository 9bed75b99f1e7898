/* ============================================================
 *  backward.c  --  two layer fully connected net, backward pass
 *  CS-E4890 exercise 2, GSL version
 *  student: A. Haddad
 * ============================================================ */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* --- helpers ------------------------------------------------ */

/* dW <- dW + 2 * reg * W, the L2 part of a weight gradient */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *penalty = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (penalty, W);
  gsl_matrix_scale (dW, 2.0 * reg);
  gsl_matrix_add (dW, penalty);
  gsl_matrix_free (penalty);
}

/* out_j = sum_i A_ij */
static void
column_totals (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (A, j);
      double t = 0.0;
      for (size_t i = 0; i < col.vector.size; i++)
        t += gsl_vector_get (&col.vector, i);
      gsl_vector_set (out, j, t);
    }
}

/* --- backward pass ------------------------------------------ */

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H;

  /* scores gradient: softmax minus the target, averaged */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], p - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* output layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  add_reg (g->dW2, net->W2, reg);
  column_totals (g->dz2, g->db2);

  /* back into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  gsl_matrix *gate = gsl_matrix_alloc (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (gate, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0);
  gsl_matrix_memcpy (g->dz1, gate);
  gsl_matrix_mul_elements (g->dz1, g->dp1);
  gsl_matrix_free (gate);

  /* input layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  column_totals (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
