/* backward.c -- 2-layer net, backprop with L2 regularization
 * (Course 2 week 1, "Regularization" notebook, adapted to rows = samples.) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* the extra term of backward_propagation_with_regularization:
 *   dW += (lambd / m) * W                                       */
static int
add_l2_grad (gsl_matrix *dW, const gsl_matrix *W, double lambd, size_t m)
{
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  if (!tmp)
    return 1;
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, lambd / (double) m);
  gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1;
  size_t i, j;
  double lambd = reg;
  gsl_vector *ones = gsl_vector_alloc (m);

  gsl_vector_set_all (ones, 1.0);

  /* dZ2 = 1/m (A2 - Y) */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < m; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / m);

  /* dW2 = A1^T dZ2 + reg term */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_l2_grad (g->dW2, net->W2, lambd, m);

  /* db2 = dZ2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dA1 = dZ2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dZ1 = np.multiply(dA1, np.int64(A1 > 0)) */
  for (i = 0; i < m; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->p1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dZ1 + reg term */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_l2_grad (g->dW1, net->W1, lambd, m);

  /* db1 = dZ1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
