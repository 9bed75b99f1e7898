/* Backward pass, homework 4 -- Lena Hoffmann
 *
 * Per sample (row i), as on the slide "backprop one example at a time":
 *   dscore = (p_i - e_{y_i}) / N
 *   dW2   += a1_i^T dscore      db2 += dscore
 *   dhid   = W2 dscore, zeroed where the relu was off
 *   dW1   += x_i^T dhid         db1 += dhid
 * The outer products are gsl_blas_dger (A += alpha x y^T).
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_vector *dscore = gsl_vector_alloc (C);
  gsl_vector *dhid = gsl_vector_alloc (H);

  if (dscore == NULL || dhid == NULL)
    {
      gsl_vector_free (dscore);
      gsl_vector_free (dhid);
      return 1;
    }

  /* start the weight gradients at the regularisation gradient 2 reg W and
     add the data part sample by sample */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view prob_i = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_const_view a1_i = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view z1_i = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view x_i = gsl_matrix_const_row (X, i);
      gsl_vector_view dz2_i = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dp1_i = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz1_i = gsl_matrix_row (g->dz1, i);

      gsl_vector_memcpy (dscore, &prob_i.vector);
      gsl_vector_set (dscore, y[i], gsl_vector_get (dscore, y[i]) - 1.0);
      gsl_vector_scale (dscore, 1.0 / N);
      gsl_vector_memcpy (&dz2_i.vector, dscore);

      gsl_blas_dger (1.0, &a1_i.vector, dscore, g->dW2);
      gsl_vector_add (g->db2, dscore);

      /* dhid = W2 * dscore  (H x C times C) */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, dscore, 0.0, dhid);
      gsl_vector_memcpy (&dp1_i.vector, dhid);
      for (j = 0; j < H; j++)
        if (gsl_vector_get (&z1_i.vector, j) <= 0.0)
          gsl_vector_set (dhid, j, 0.0);
      gsl_vector_memcpy (&dz1_i.vector, dhid);

      gsl_blas_dger (1.0, &x_i.vector, dhid, g->dW1);
      gsl_vector_add (g->db1, dhid);
    }

  gsl_vector_free (dscore);
  gsl_vector_free (dhid);
  g->present = BP_GRADS_ALL;
  return 0;
}
