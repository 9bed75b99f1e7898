/* backward.c - backprop for the 2-layer net, example by example.
 * dh is a scratch vector for the hidden gradient of the current example;
 * it is copied into g->dp1 and the relu is applied from it. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;
  gsl_vector *dh;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dh = gsl_vector_calloc (H);

  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view xi = gsl_matrix_const_row (X, i);
      gsl_vector_const_view hi = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view zi = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_view ds = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, i);

      /* scores gradient */
      gsl_matrix_get_row (&ds.vector, cache->prob, i);
      gsl_vector_set (&ds.vector, y[i], gsl_vector_get (&ds.vector, y[i]) - 1);
      gsl_vector_scale (&ds.vector, 1.0 / N);

      gsl_blas_dger (1.0, &hi.vector, &ds.vector, g->dW2);
      gsl_blas_daxpy (1.0, &ds.vector, g->db2);

      /* hidden gradient of this example: dh = W2 ds */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &ds.vector, 1.0, dh);
      gsl_vector_memcpy (&dp.vector, dh);

      for (j = 0; j < H; j++)
        gsl_vector_set (&dz.vector, j,
                        gsl_vector_get (&zi.vector, j) > 0 ? gsl_vector_get (dh, j) : 0);

      gsl_blas_dger (1.0, &xi.vector, &dz.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dz.vector, g->db1);
    }

  gsl_vector_free (dh);

  /* weight decay */
  {
    size_t r, c;
    for (r = 0; r < H; r++)
      for (c = 0; c < net->C; c++)
        *gsl_matrix_ptr (g->dW2, r, c) += 2 * reg * gsl_matrix_get (net->W2, r, c);
    for (r = 0; r < net->D; r++)
      for (c = 0; c < H; c++)
        *gsl_matrix_ptr (g->dW1, r, c) += 2 * reg * gsl_matrix_get (net->W1, r, c);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
