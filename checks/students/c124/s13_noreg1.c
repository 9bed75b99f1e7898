/* Backward pass.  Forward was
 *     Z1 = X W1 + b1,  A = relu(Z1),  Z2 = A W2 + b2,  P = softmax(Z2),
 *     L = CE(P, y) + reg (|W1|^2 + |W2|^2).
 * Matrices stay in g; Wt = W2' and Xt = X' are explicit copies. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, d = net->D, h = net->H, k = net->C, i, j;
  gsl_matrix *Wt = gsl_matrix_alloc (k, h), *Xt = gsl_matrix_alloc (d, n);
  gsl_matrix *At = gsl_matrix_alloc (h, n);

  gsl_matrix_transpose_memcpy (Wt, net->W2);
  gsl_matrix_transpose_memcpy (Xt, X);
  gsl_matrix_transpose_memcpy (At, cache->p1);

  /* dz2 */
  for (i = 0; i < n; i++)
    for (j = 0; j < k; j++)
      gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j)
                                     - (j == y[i])) / (double) n);

  /* dW2 = At G + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, At, g->dz2, 2.0 * reg, g->dW2);
  for (j = 0; j < k; j++)
    {
      gsl_vector_view c = gsl_matrix_column (g->dz2, j);
      double s = 0;
      for (i = 0; i < n; i++)
        s += gsl_vector_get (&c.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dA = G Wt */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, Wt, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = Xt dZ1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, Xt, g->dz1, 0.0, g->dW1);
  for (j = 0; j < h; j++)
    {
      gsl_vector_view c = gsl_matrix_column (g->dz1, j);
      double s = 0;
      for (i = 0; i < n; i++)
        s += gsl_vector_get (&c.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (Wt);
  gsl_matrix_free (Xt);
  gsl_matrix_free (At);
  g->present = BP_GRADS_ALL;
  return 0;
}
