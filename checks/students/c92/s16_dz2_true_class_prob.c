/* Lab 6 - backward.c
 *
 * loss_i = -log(prob[i][y_i]), so d loss / d z2 is prob - 1 at the true
 * class and prob elsewhere, all over N.
 */

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
  double sum;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < net->C; j++)
        {
          double p = gsl_matrix_get (cache->prob, i, y[i]);
          if (j == y[i])
            p -= 1.0;
          gsl_matrix_set (g->dz2, i, j, p / N);
        }
    }

  /* dW2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + 2 * reg * gsl_matrix_get (net->W2, i, j));

  /* db2 */
  for (j = 0; j < net->C; j++)
    {
      sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, sum);
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0);
      }

  /* dW1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2 * reg * gsl_matrix_get (net->W1, i, j));

  /* db1 */
  for (j = 0; j < net->H; j++)
    {
      sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
