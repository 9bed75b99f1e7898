/* backward.c -- backward pass of the 2-layer net, gsl_blas version.
 *
 * TODO: free the temporaries on the early return (there are none before
 * it at the moment, so fine)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_train = X->size1;
  size_t i, j;

  if (num_train != cache->N || X->size2 != net->D || g->N != num_train)
    return 1;

  /* dscores = probs, then subtract 1 at the correct class, then / N */
  gsl_matrix_memcpy (g->dz2, cache->z2);
  for (i = 0; i < num_train; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / num_train);

  /* dW2 = hidden^T dscores + 2*reg*W2 */
  gsl_matrix *tmp2 = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (tmp2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_scale (tmp2, 2 * reg);
  gsl_matrix_add (g->dW2, tmp2);
  gsl_matrix_free (tmp2);

  /* db2 = column sums */
  for (j = 0; j < net->C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0;
      for (i = 0; i < num_train; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dhidden = dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < num_train; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);

  /* dW1 = X^T dhidden + 2*reg*W1 */
  gsl_matrix *tmp1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (tmp1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_scale (tmp1, 2 * reg);
  gsl_matrix_add (g->dW1, tmp1);
  gsl_matrix_free (tmp1);

  /* db1 */
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0;
      for (i = 0; i < num_train; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
