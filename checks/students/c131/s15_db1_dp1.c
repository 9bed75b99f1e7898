/* backward.c
 * Ex. 4.2 -- Backprop through the two-layer net
 * Jan Hartmann
 *
 * Notation from the lecture: delta3 = dL/dz2, delta2 = dL/dz1.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db[j] = sum over samples i of delta[i][j] */
static void
bias_grad (const gsl_matrix *delta, gsl_vector *db)
{
  size_t i, j;
  const double *row;

  gsl_vector_set_zero (db);
  for (i = 0; i < delta->size1; i++)
    {
      row = delta->data + i * delta->tda;
      for (j = 0; j < delta->size2; j++)
        db->data[j * db->stride] += row[j];
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_matrix *delta3 = g->dz2, *delta2 = g->dz1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* delta3 = (probs - y_onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (delta3, i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (j == y[i])) / (double) N);

  /* dW2 = a1^T delta3 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, delta3, 1.0, g->dW2);
  bias_grad (delta3, g->db2);

  /* error in the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta3, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (delta2, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                                    ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T delta2 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, delta2, 1.0, g->dW1);
  bias_grad (g->dp1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
