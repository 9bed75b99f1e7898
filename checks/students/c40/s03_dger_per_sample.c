/*
 * backward.c  --  MATH 6644 HW3 (backprop part)
 *
 * Per-sample formulation.  For one sample (row i), with e_y the unit vector:
 *     g2_i = (p_i - e_{y_i}) / N                    (C)
 *     dW2 += p1_i g2_i'        (outer product -> dger)
 *     db2 += g2_i
 *     h_i  = W2 g2_i                                (H)   -> dgemv
 *     g1_i = h_i .* [z1_i > 0]
 *     dW1 += x_i g1_i'         (dger)
 *     db1 += g1_i
 * The reg part is the starting value of the accumulators:
 *     dW := 2 reg W  before the loop.
 * This is O(N) dger calls instead of one dgemm, fine for these sizes.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;
  double s = 1.0 / N;

  if (g->N != N)
    return 1;

  /* accumulators start at the penalty gradient */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view pi = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_const_view ai = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view zi = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view xi = gsl_matrix_const_row (X, i);
      gsl_vector_view g2 = gsl_matrix_row (g->dz2, i);
      gsl_vector_view h = gsl_matrix_row (g->dp1, i);
      gsl_vector_view g1 = gsl_matrix_row (g->dz1, i);

      /* g2 = (p_i - e_y) / N */
      gsl_vector_memcpy (&g2.vector, &pi.vector);
      gsl_vector_set (&g2.vector, y[i], gsl_vector_get (&g2.vector, y[i]) - 1.0);
      gsl_vector_scale (&g2.vector, s);

      gsl_blas_dger (1.0, &ai.vector, &g2.vector, g->dW2);
      gsl_vector_add (g->db2, &g2.vector);

      /* h = W2 g2 */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &g2.vector, 0.0, &h.vector);

      /* g1 = h .* [z > 0] ; copy then zero the dead units in place */
      gsl_vector_memcpy (&g1.vector, &h.vector);
      for (j = 0; j < H; j++)
        if (!(gsl_vector_get (&zi.vector, j) > 0.0))
          gsl_vector_set (&g1.vector, j, 0.0);

      gsl_blas_dger (1.0, &xi.vector, &g1.vector, g->dW1);
      gsl_vector_add (g->db1, &g1.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
