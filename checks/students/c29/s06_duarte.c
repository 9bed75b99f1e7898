// backward.c for the two-layer net
// author: Kevin Duarte   (CSCI 5922, assignment 2)
//
// One example at a time.  I accumulate into the gradients so I have to
// zero them first.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H, C = net->C;
  const double inv_N = 1 / N;   // average over the batch

  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);

  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_view dscore = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dhid = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dpre = gsl_matrix_row (g->dz1, n);
      gsl_vector_const_view hid = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view xin = gsl_matrix_const_row (X, n);

      // dscores = (probs - onehot) / N
      for (size_t c = 0; c < C; c++)
        {
          double p = gsl_matrix_get (cache->prob, n, c);
          if (c == y[n])
            p -= 1.0;
          gsl_vector_set (&dscore.vector, c, p * inv_N);
        }

      // W2, b2
      gsl_blas_dger (1.0, &hid.vector, &dscore.vector, g->dW2);
      gsl_blas_daxpy (1.0, &dscore.vector, g->db2);

      // back into the hidden layer
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dscore.vector, 0.0,
                      &dhid.vector);
      for (size_t h = 0; h < H; h++)
        {
          double m = gsl_matrix_get (cache->z1, n, h) > 0 ? 1.0 : 0.0;
          gsl_vector_set (&dpre.vector, h, m * gsl_vector_get (&dhid.vector, h));
        }

      // W1, b1
      gsl_blas_dger (1.0, &xin.vector, &dpre.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dpre.vector, g->db1);
    }

  // regularization: d/dW of reg*sum(W^2)
  gsl_matrix *tmp = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (tmp, net->W2);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);

  tmp = gsl_matrix_alloc (net->D, H);
  gsl_matrix_memcpy (tmp, net->W1);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (g->dW1, tmp);
  gsl_matrix_free (tmp);

  g->present = BP_GRADS_ALL;
  return 0;
}
