/* Choi Yuna -- HW2, backward pass */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(A, i, j) ((A)->data[(i) * (A)->tda + (j)])

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

/* affine layer backward:
 *   dW = A^T dZ + 2 reg W,  db = sum of the rows of dZ,
 *   dA = dZ W^T (skipped when dA is NULL) */
static void
affine_back (const gsl_matrix *dZ, const gsl_matrix *A, const gsl_matrix *W,
             double reg, gsl_matrix *dA, gsl_matrix *dW, gsl_vector *db)
{
  size_t i, j;

  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);

  for (j = 0; j < dZ->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dZ->size1; i++)
        s += AT (dZ, i, j);
      gsl_vector_set (db, j, s);
    }

  if (dA != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dA);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n = X->size1, h = net->H, c = net->C;
  const double inv_n = 1.0 / (double) n;
  size_t i, k;

  if (n != cache->N || X->size2 != net->D || g->N != n)
    return 1;

  /* softmax loss */
  for (i = 0; i < n; i++)
    for (k = 0; k < c; k++)
      AT (g->dz2, i, k) = (AT (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) * inv_n;

  /* layer 2, gives dp1 too */
  affine_back (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);

  /* relu */
  for (i = 0; i < n; i++)
    for (k = 0; k < h; k++)
      AT (g->dz1, i, k) = AT (cache->z1, i, k) > 0.0 ? AT (g->dp1, i, k) : 0.0;

  /* layer 1, dX not needed */
  affine_back (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
