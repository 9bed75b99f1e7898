/* backward.c -- two-layer net, backward pass.
 *
 * Straight port of the backward half of TwoLayerNet.loss() from my
 * neural_net.py (cs231n assignment 1).  Every block has the numpy line it
 * comes from above it, so I can diff the two by eye.
 *
 * One change from the python: I do NOT divide dscores by N up front.  The
 * 1/N goes into the alpha of each dgemm (and a scale for b2), and dscores
 * itself is only divided at the very end.  Same numbers, fewer passes.
 *
 * loss = data_loss + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
 *   -> d/dW = 2 * reg * W  (this version of the assignment has no 0.5)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = alpha * np.dot(A or A.T, B or B.T) + beta * out */
static void
np_dot (double alpha, const gsl_matrix *A, int transA,
        const gsl_matrix *B, int transB, double beta, gsl_matrix *out)
{
  gsl_blas_dgemm (transA ? CblasTrans : CblasNoTrans,
                  transB ? CblasTrans : CblasNoTrans,
                  alpha, A, B, beta, out);
}

/* out = np.sum(A, axis=0) */
static void
np_sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  size_t i;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &row.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  const gsl_matrix *hidden_layer = cache->p1;
  gsl_matrix *dscores = g->dz2;

  /* grads = {} */

  /* dscores = probs.copy() */
  gsl_matrix_memcpy (dscores, cache->prob);

  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (dscores, i, y[i]) -= 1.0;

  /* (dscores /= N is postponed, see the top) */

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2
   * written as W2 -> 2*reg*W2, then += (1/N) hidden_layer.T dscores */
  gsl_matrix_memcpy (g->dW2, W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  np_dot (1.0 / N, hidden_layer, 1, dscores, 0, 1.0, g->dW2);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  np_sum_axis0 (dscores, g->db2);
  gsl_vector_scale (g->db2, 1.0 / N);

  /* dhidden = np.dot(dscores, W2.T) */
  np_dot (1.0 / N, dscores, 0, W2, 1, 0.0, g->dp1);

  /* dhidden[hidden_layer <= 0] = 0
   * numpy does this in place; here dp1 has to keep the unmasked values,
   * so the mask goes on a copy. */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < hidden_layer->size2; j++)
      if (gsl_matrix_get (hidden_layer, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
   * (W1 copied in first, then beta = 2*reg does the penalty) */
  gsl_matrix_memcpy (g->dW1, W1);
  np_dot (1.0, X, 1, g->dz1, 0, 2.0 * reg, g->dW1);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  np_sum_axis0 (g->dz1, g->db1);

  /* dscores /= N  -- finally, so that dz2 is the real gradient */
  gsl_matrix_scale (dscores, 1.0 / N);

  g->present = BP_GRADS_ALL;
  return 0;
}
