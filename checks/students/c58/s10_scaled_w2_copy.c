/* backward.c -- evening ML course, exercise 3: backprop by hand.

   At the top I copy W1 and W2 into work matrices (w1_work, w2_work) so
   that I have my own non-const copies to compute with; everything is
   allocated once and freed at "done". */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *w1_work = NULL, *w2_work = NULL;
  gsl_vector *ones = NULL;
  int status = GSL_ENOMEM;

  if (N != cache->N || X->size2 != D || g->N != N)
    return GSL_EBADLEN;

  w1_work = gsl_matrix_alloc (D, H);
  if (w1_work == NULL)
    goto done;
  w2_work = gsl_matrix_alloc (H, C);
  if (w2_work == NULL)
    goto done;
  ones = gsl_vector_alloc (N);
  if (ones == NULL)
    goto done;
  gsl_matrix_memcpy (w1_work, net->W1);
  gsl_matrix_memcpy (w2_work, net->W2);
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (prob - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  gsl_matrix_scale (w2_work, 2.0 * reg);
  gsl_matrix_add (g->dW2, w2_work);

  /* db2 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, w2_work, 0.0,
                  g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_scale (w1_work, 2.0 * reg);
  gsl_matrix_add (g->dW1, w1_work);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  g->present = BP_GRADS_ALL;
  status = 0;

 done:
  gsl_vector_free (ones);
  gsl_matrix_free (w2_work);
  gsl_matrix_free (w1_work);
  return status;
}
