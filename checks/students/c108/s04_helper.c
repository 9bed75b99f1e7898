/* backward.c -- Pham, group B
 *
 * One helper for the affine layer, used twice (layer 2, then layer 1):
 *     dW = A' dZ + 2 reg W     db = dZ' 1     dA = dZ W'
 * The relu is done in place on dz1.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dA may be NULL (nothing to send back to X) */
static void
affine_back (const gsl_matrix *dZ, const gsl_matrix *A, const gsl_matrix *W,
             double reg, gsl_matrix *dA, gsl_matrix *dW, gsl_vector *db)
{
  gsl_vector *one = gsl_vector_alloc (dZ->size1);

  gsl_vector_set_all (one, 1.0);
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
  gsl_blas_dgemv (CblasTrans, 1.0, dZ, one, 0.0, db);
  if (dA)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dA);
  gsl_vector_free (one);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, i, j;

  if (n != cache->N || X->size2 != net->D || g->N != n)
    return 1;

  /* softmax + cross entropy: dL/dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < n; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      *gsl_vector_ptr (&r.vector, y[i]) -= 1.0;
      gsl_blas_dscal (1.0 / n, &r.vector);
    }

  /* layer 2 gives dW2, db2 and dp1 */
  affine_back (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);

  /* relu, in place: dz1 starts as dp1 and loses what z1 <= 0 blocked */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < n; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* layer 1 gives dW1, db1 (no dX needed) */
  affine_back (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
