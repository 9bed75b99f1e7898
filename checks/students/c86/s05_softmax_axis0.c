/* backward.c -- my numpy TwoLayerNet.loss, backward half, in C.
 * The numpy is kept above every block.  Like in my python, I get the
 * probabilities from the scores myself. */

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *exp_scores, *probs, *dh;
  double *esum;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  exp_scores = gsl_matrix_alloc (N, C);
  probs = gsl_matrix_alloc (N, C);
  dh = gsl_matrix_alloc (N, H);
  esum = calloc (C, sizeof (double));

  /* exp_scores = np.exp(scores) */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (exp_scores, i, j, exp (gsl_matrix_get (cache->z2, i, j)));

  /* probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True) */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      esum[j] += gsl_matrix_get (exp_scores, i, j);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (probs, i, j, gsl_matrix_get (exp_scores, i, j) / esum[j]);

  /* dscores = probs.copy()
   * dscores[range(N), y] -= 1
   * dscores /= N */
  gsl_matrix_memcpy (g->dz2, probs);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = np.dot(hidden_layer.T, dscores)
   * dW2 += 2 * reg * W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, i, j,
                      gsl_matrix_get (g->dW2, i, j) + 2 * reg * gsl_matrix_get (net->W2, i, j));

  /* db2 = np.sum(dscores, axis=0) */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }

  /* dhidden = np.dot(dscores, W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dh = dhidden.copy(); dh[hidden_layer <= 0] = 0 */
  gsl_matrix_memcpy (dh, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->p1, i, j) <= 0)
        gsl_matrix_set (dh, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, dh);

  /* dW1 = np.dot(X.T, dh) + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dh, 2 * reg, g->dW1);

  /* db1 = np.sum(dh, axis=0) */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dh, i);
      gsl_vector_add (g->db1, &row.vector);
    }

  free (esum);
  gsl_matrix_free (exp_scores);
  gsl_matrix_free (probs);
  gsl_matrix_free (dh);
  g->present = BP_GRADS_ALL;
  return 0;
}
