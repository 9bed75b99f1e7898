/* bwd -- k.t. */
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
  size_t n = X->size1, h = net->H, c = net->C, i, j;
  gsl_matrix *a = gsl_matrix_alloc (n, h);     /* relu(z1), own copy */
  gsl_matrix *m = gsl_matrix_alloc (n, h);     /* mask */

  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (a, i, j, z > 0 ? z : 0);
        gsl_matrix_set (m, i, j, z > 0 ? 1 : 0);
      }

  /* dz2, row by row */
  for (i = 0; i < n; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1);
      gsl_vector_scale (&d.vector, 1.0 / n);
    }

  /* dW2 = 2r W2 + sum_i a_i dz2_i^T */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < n; i++)
    {
      gsl_vector_view ai = gsl_matrix_row (a, i);
      gsl_vector_view di = gsl_matrix_row (g->dz2, i);
      gsl_blas_dger (1.0, &ai.vector, &di.vector, g->dW2);
      gsl_vector_add (g->db2, &di.vector);
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  gsl_matrix_memcpy (g->dz1, m);
  gsl_matrix_mul_elements (g->dz1, g->dp1);

  /* dW1, db1 same way as layer 2 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < n; i++)
    {
      gsl_vector_const_view xi = gsl_matrix_const_row (X, i);
      gsl_vector_view di = gsl_matrix_row (g->dz1, i);
      gsl_blas_dger (1.0, &xi.vector, &di.vector, g->dW1);
      gsl_vector_add (g->db1, &di.vector);
    }

  gsl_matrix_free (a);
  gsl_matrix_free (m);
  (void) c;
  g->present = BP_GRADS_ALL;
  return 0;
}
