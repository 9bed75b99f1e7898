/*
 * backward.c -- TwoLayerNet.loss(), backward part, numpy -> C/GSL
 *
 * Helpers named after the numpy calls they replace so the body reads
 * like the python.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = np.dot(A.T, B) */
static void
np_dot_T (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* out = np.dot(A, B.T) */
static void
np_dot_BT (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, out);
}

/* out = np.sum(A, axis=0) */
static void
np_sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, s);
    }
}

/* out += alpha * W */
static void
np_add_scaled (gsl_matrix *out, double alpha, const gsl_matrix *W)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (out, i, j,
                      gsl_matrix_get (out, i, j) + alpha * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  const gsl_matrix *W1 = net->W1;
  const gsl_matrix *W2 = net->W2;
  const gsl_matrix *hidden_layer = cache->p1;

  /* dscores = probs */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  /* dscores /= N */
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + reg * W2 */
  np_dot_T (hidden_layer, g->dz2, g->dW2);
  np_add_scaled (g->dW2, reg, W2);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  np_sum_axis0 (g->dz2, g->db2);

  /* dhidden = np.dot(dscores, W2.T) */
  np_dot_BT (g->dz2, W2, g->dp1);

  /* dhidden[hidden_layer <= 0] = 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (hidden_layer, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* grads['W1'] = np.dot(X.T, dhidden) + reg * W1 */
  np_dot_T (X, g->dz1, g->dW1);
  np_add_scaled (g->dW1, reg, W1);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  np_sum_axis0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
