/* backward.c  (lab 4)
 *
 * I keep the weight gradients TRANSPOSED while accumulating, dW2t (C,H)
 * and dW1t (H,D), because then dger takes the vectors in the order
 * (gradient, input) like in the lecture notes, and copy them back with
 * gsl_matrix_transpose_memcpy at the end.  Rows through the macros below.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define ROW(name, M, i)  gsl_vector_view name = gsl_matrix_row ((M), (i))
#define CROW(name, M, i) gsl_vector_const_view name = gsl_matrix_const_row ((M), (i))
#define V(name) (&(name).vector)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n, k, N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *dW2t = gsl_matrix_calloc (C, H);
  gsl_matrix *dW1t = gsl_matrix_calloc (H, D);
  gsl_vector *m = gsl_vector_alloc (H);
  int rc = 0;

  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      CROW (xn, X, n);
      CROW (pn, cache->prob, n);
      CROW (hn, cache->p1, n);
      ROW (sn, g->dz2, n);
      ROW (dpn, g->dp1, n);
      ROW (dzn, g->dz1, n);

      /* scores: in place on the dz2 row */
      gsl_vector_memcpy (V (sn), V (pn));
      gsl_vector_set (V (sn), y[n], gsl_vector_get (V (sn), y[n]) - 1.0);
      gsl_vector_scale (V (sn), 1.0 / (double) N);

      gsl_blas_dger (1.0, V (sn), V (hn), dW2t);      /* dW2' += dz2_n p1_n' */
      gsl_vector_add (g->db2, V (sn));

      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, V (sn), 0.0, V (dpn));

      /* mask: p1 > 0 exactly where z1 > 0 */
      for (k = 0; k < H; k++)
        gsl_vector_set (m, k, gsl_vector_get (V (hn), k) > 0.0);
      gsl_vector_memcpy (V (dzn), V (dpn));
      gsl_vector_mul (V (dzn), m);

      gsl_blas_dger (1.0, V (dzn), V (xn), dW1t);     /* dW1' += dz1_n x_n' */
      gsl_vector_add (g->db1, V (dzn));
    }

  /* back to (H,C) and (D,H), then the regularisation */
  rc |= gsl_matrix_transpose_memcpy (g->dW2, dW2t);
  rc |= gsl_matrix_transpose_memcpy (g->dW1, dW1t);
  for (k = 0; k < H; k++)
    {
      CROW (w, net->W2, k);
      ROW (dw, g->dW2, k);
      gsl_blas_daxpy (2.0 * reg, V (w), V (dw));
    }
  for (k = 0; k < D; k++)
    {
      CROW (w, net->W1, k);
      ROW (dw, g->dW1, k);
      gsl_blas_daxpy (2.0 * reg, V (w), V (dw));
    }

  gsl_vector_free (m);
  gsl_matrix_free (dW1t);
  gsl_matrix_free (dW2t);
  g->present = BP_GRADS_ALL;
  return rc;
}
