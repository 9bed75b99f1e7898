/* Coursework 2, ML3.  Backward pass of the 2-layer net.
 * Products done with BLAS; the regularisation in a helper so that it is
 * the same for both layers. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* gradient of the L2 term reg*sum(W^2), added to dW */
static void
add_regularisation (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      *gsl_matrix_ptr (dW, r, c) += reg * gsl_matrix_get (W, r, c);
}

static void
sum_over_batch (const gsl_matrix *dA, gsl_vector *db)
{
  size_t n;
  gsl_vector_set_zero (db);
  for (n = 0; n < dA->size1; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (dA, n);
      gsl_vector_add (db, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, n, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    *gsl_matrix_ptr (g->dz2, n, y[n]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* layer 2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  add_regularisation (g->dW2, net->W2, reg);
  sum_over_batch (g->dz2, g->db2);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0
                      ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  /* layer 1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_regularisation (g->dW1, net->W1, reg);
  sum_over_batch (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
