/* backward.c  --  backprop, 2-layer net, GSL/CBLAS
 *
 * dgemm computes C := alpha op(A) op(B) + beta C.  With C preloaded with W
 * this gives the weight gradient plus its penalty in one call:
 *     dW = A' dZ + 2 reg W.
 *
 *   dz2 = (softmax(z2) - Y)/N
 *   dW2 = p1' dz2 + 2 reg W2 ,  db2 = sum over rows of dz2
 *   dp1 = dz2 W2'
 *   dz1 = dp1 (.) 1[z1 > 0]
 *   dW1 = X' dz1 + 2 reg W1 ,  db1 = sum over rows of dz1
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
rowsum (const gsl_matrix *A, gsl_vector *out)
{
  size_t i;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &a.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 2.0 * reg, cache->p1, g->dz2, 1.0, g->dW2);
  rowsum (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  rowsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
