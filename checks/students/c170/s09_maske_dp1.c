/* backward.c  (Blatt 6)
 * zuerst in numpy geschrieben, dann nach C uebersetzt */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void bias_gradient(const gsl_matrix *delta, gsl_vector *db)
{
  size_t i, j;
  for (j = 0; j < delta->size2; j++) {
    double s = 0.0;
    for (i = 0; i < delta->size1; i++)
      s += gsl_matrix_get(delta, i, j);
    gsl_vector_set(db, j, s);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / (double) N);

  /* grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  bias_gradient(g->dz2, g->db2);

  /* dhidden = dscores.dot(W2.T) */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dhidden[dhidden <= 0] = 0 */
  gsl_matrix_memcpy(g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get(g->dz1, i, j) <= 0.0)
        gsl_matrix_set(g->dz1, i, j, 0.0);

  /* grads['W1'] = X.T.dot(dhidden) + 2*reg*W1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  bias_gradient(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
