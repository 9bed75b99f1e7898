/* backward.c for lab 6
 * uses BLAS (gsl_blas_dgemm) for the matrix products.
 * reg gradient: d/dW of reg*|W|^2 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2, plus regularization */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  tmp = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (tmp, net->W2);
  gsl_matrix_scale (tmp, reg);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);

  /* db2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + gsl_matrix_get (g->dz2, i, j));

  /* back into hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* dW1 = X^T dz1 + reg */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  tmp = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (tmp, net->W1);
  gsl_matrix_scale (tmp, 2 * reg);
  gsl_matrix_add (g->dW1, tmp);
  gsl_matrix_free (tmp);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + gsl_matrix_get (g->dz1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
