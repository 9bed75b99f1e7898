/* backward.c -- HW5, Brandon Lee
 *
 * same names as my python version (dscores, dhidden, ...), they point
 * into g so nothing has to be copied at the end. */

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

  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;
  gsl_matrix *dhidden_pre = g->dz1;
  const gsl_matrix *hidden = cache->p1;

  if (num_train != cache->N || X->size2 != net->D || g->N != num_train)
    return 1;

  /* dscores = (probs - 1{y}) / num_train */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < num_train; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / (double) num_train);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, hidden, dscores, 2.0 * reg, g->dW2);
  for (j = 0; j < net->C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dscores, j);
      double s = 0.0;
      for (i = 0; i < num_train; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dhidden = dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

  /* relu */
  gsl_matrix_memcpy (dhidden_pre, dhidden);
  for (i = 0; i < num_train; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (dhidden_pre, i, j, 0.0);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2.0 * reg, g->dW1);
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dhidden_pre, j);
      double s = 0.0;
      for (i = 0; i < num_train; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
