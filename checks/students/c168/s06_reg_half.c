/* Lab 4: backward pass.
 * weight decay term: d/dW (reg * W^2) = reg * W   */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;
  double *grad_w_out, *err;

  /* err_out */
  for (n = 0; n < N; n++)
    {
      err = g->dz2->data + n * g->dz2->tda;
      for (c = 0; c < C; c++)
        err[c] = gsl_matrix_get (cache->prob, n, c) / N;
      err[y[n]] -= 1.0 / N;
    }

  /* grad_w_out = p1' err_out, then the decay */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (h = 0; h < H; h++)
    {
      grad_w_out = g->dW2->data + h * g->dW2->tda;
      for (c = 0; c < C; c++)
        grad_w_out[c] += reg * gsl_matrix_get (net->W2, h, c);
    }

  /* bias */
  for (c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* err_hid */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* delta_hid */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double z = gsl_matrix_get (cache->z1, n, h);
        gsl_matrix_set (g->dz1, n, h, z > 0 ? gsl_matrix_get (g->dp1, n, h) : 0.0);
      }

  /* grad_w_hid = X^T delta_hid + 2 reg W1 (beta = 2 reg on the copy) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
