/* coursework 2 -- backward.c
 *
 * Backprop for the 2 layer network, following the lecture notes:
 *   dz2 = (P - Y)/N
 *   dW2 = a1' dz2        db2 = sum(dz2)
 *   da1 = dz2 W2'        dz1 = da1 * relu'(z1)
 *   dW1 = X' dz1         db1 = sum(dz1)
 * and the L2 regularisation is added on to the weight gradients.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
sum_over_batch (const gsl_matrix *m, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < m->size2; j++)
    {
      double t = 0.0;
      for (i = 0; i < m->size1; i++)
        t += gsl_matrix_get (m, i, j);
      gsl_vector_set (out, j, t);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* second layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  sum_over_batch (g->dz2, g->db2);

  /* da1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* through the relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double d = gsl_matrix_get (g->dp1, i, j);
        if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
          d = 0.0;
        gsl_matrix_set (g->dz1, i, j, d);
      }

  /* first layer, regularisation added on afterwards */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
  sum_over_batch (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
