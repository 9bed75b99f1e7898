/* Backprop for the 2-layer net.
 * Layer 2 with dgemm, layer 1 with a sum of outer products (dger) because
 * I wanted to see the "sum over samples" explicitly, like in the lecture
 * derivation  dW1 = sum_n x_n^T dz1_n.
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
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;

  /* ---- dz2 ---- */
  gsl_matrix *Yoh = gsl_matrix_calloc (N, C);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (Yoh, n, y[n], 1.0);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Yoh);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  gsl_matrix_free (Yoh);

  /* ---- dW2, db2 ---- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                  g->dW2);

  gsl_vector *onesN = gsl_vector_alloc (N);
  gsl_vector_set_all (onesN, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, onesN, 0.0, g->db2);

  /* ---- dp1 ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* ---- dz1 ---- */
  gsl_matrix *relu_mask = gsl_matrix_alloc (N, H);
  for (size_t n = 0; n < N; n++)
    for (size_t k = 0; k < H; k++)
      gsl_matrix_set (relu_mask, n, k,
                      gsl_matrix_get (cache->z1, n, k) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_mask);
  gsl_matrix_free (relu_mask);

  /* ---- dW1 = 2 reg W1 + sum_n x_n dz1_n^T ---- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  for (size_t n = 0; n < D; n++)
    {
      gsl_vector_const_view xn = gsl_matrix_const_row (X, n);
      gsl_vector_const_view dn = gsl_matrix_const_row (g->dz1, n);
      gsl_blas_dger (1.0, &xn.vector, &dn.vector, g->dW1);
    }

  /* ---- db1 ---- */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, onesN, 0.0, g->db1);

  gsl_vector_free (onesN);
  g->present = BP_GRADS_ALL;
  return 0;
}
