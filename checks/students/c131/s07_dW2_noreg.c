/* backward.c
 *
 * Backward pass of the two layer network (Exercise 4.2).
 * Niklas Becker
 *
 * Forward:  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2
 * Loss:     mean cross entropy + reg * (|W1|^2 + |W2|^2)
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H;
  const size_t C = net->C;
  size_t n, k, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- output layer ---- */
  for (n = 0; n < N; n++)
    for (k = 0; k < C; k++)
      {
        double d = gsl_matrix_get (cache->prob, n, k) - (k == y[n] ? 1.0 : 0.0);
        gsl_matrix_set (g->dz2, n, k, d / N);
      }

  /* dW2 = p1^T dz2, the regularisation is added at the end for both W */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

  for (k = 0; k < C; k++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, k);
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_vector_get (&col.vector, n);
      gsl_vector_set (g->db2, k, s);
    }

  /* ---- hidden layer ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      if (!(gsl_matrix_get (cache->z1, n, h) > 0.0))
        gsl_matrix_set (g->dz1, n, h, 0.0);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  for (h = 0; h < H; h++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, h);
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_vector_get (&col.vector, n);
      gsl_vector_set (g->db1, h, s);
    }

  /* ---- regularisation: d/dW reg |W|^2 = 2 reg W ---- */
  {
    gsl_matrix *tmp = gsl_matrix_alloc (net->D, H);
    if (tmp == NULL)
      return 1;
    gsl_matrix_memcpy (tmp, net->W1);
    gsl_matrix_scale (tmp, 2.0 * reg);
    gsl_matrix_add (g->dW1, tmp);
    gsl_matrix_free (tmp);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
