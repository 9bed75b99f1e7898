/*
 * Two layer net -- gradients.
 *
 *   dZ2 = (P - Y) / n
 *   dW2 = A^T dZ2 + 2 lambda W2          db2 = 1^T dZ2
 *   dA  = dZ2 W2^T
 *   dZ1 = dA o 1[Z1 > 0]                 (o = Hadamard)
 *   dW1 = X^T dZ1 + 2 lambda W1          db1 = 1^T dZ1
 *
 * Done in place in g wherever possible.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, m = net->H, i, j;
  gsl_matrix *I;
  gsl_vector *u;

  I = gsl_matrix_alloc (n, m);
  u = gsl_vector_alloc (n);
  if (!I || !u)
    {
      gsl_matrix_free (I);
      gsl_vector_free (u);
      return 1;
    }
  gsl_vector_set_all (u, 1.0);

  /* dZ2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < n; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / (double) n);

  /* dW2, db2: beta = 1 on a scaled copy of W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, cache->p1, g->dz2, 1, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1, g->dz2, u, 0, g->db2);

  /* dA */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, g->dz2, net->W2, 0, g->dp1);

  /* dZ1 = dA o I,  I the indicator of Z1 > 0 */
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      gsl_matrix_set (I, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, I);

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, X, g->dz1, 1, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1, g->dz1, u, 0, g->db1);

  gsl_matrix_free (I);
  gsl_vector_free (u);
  g->present = BP_GRADS_ALL;
  return 0;
}
