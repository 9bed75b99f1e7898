/* backward.c -- my backprop (lab 4)
 *
 *   err_out   = dL/dz2 = (prob - onehot)/N
 *   err_hid   = err_out * W2^T
 *   delta_hid = err_hid .* (z1 > 0)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;
  gsl_vector_view b;

  /* err_out */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* grad_w_out */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* grad_b_out = ones^T err_out */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      b = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &b.vector);
    }

  /* err_hid */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* delta_hid, walking the rows with pointers */
  {
    const double *z = cache->z1->data;
    double *e = g->dp1->data;
    double *d = g->dz1->data;
    for (i = 0; i < N; i++, e += g->dp1->tda, d += g->dz1->tda)
      for (j = 0; j < H; j++)
        d[j] = z[j] > 0.0 ? e[j] : 0.0;
  }

  /* grad_w_hid */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* grad_b_hid */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      b = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &b.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
