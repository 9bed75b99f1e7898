/* backward.c -- TwoLayerNet backward in C.
 *
 * Variable names kept from the python: dscores, hidden_layer, dhidden.
 * In numpy  dhidden[hidden_layer <= 0] = 0  changes dhidden itself; here
 * dp1 has to keep the unmasked values, so the masked one goes into dz1.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = np.dot(A.T, B) */
static void
np_dot_T (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* out = np.sum(A, axis=0) */
static void
np_sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  size_t i;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &r.vector);
    }
}

/* dW += 2 * reg * W */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix_const_view Wv = gsl_matrix_const_submatrix (W, 0, 0, W->size1, W->size2);
  size_t i, j;
  for (i = 0; i < dW->size1; i++)
    for (j = 0; j < dW->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (&Wv.matrix, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;
  const gsl_matrix *hidden_layer = cache->p1;

  /* dscores = probs */
  gsl_matrix_memcpy (dscores, cache->prob);
  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  /* dscores /= N */
  gsl_matrix_scale (dscores, 1.0 / N);

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  np_dot_T (hidden_layer, dscores, g->dW2);
  add_reg (g->dW2, net->W2, reg);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  np_sum_axis0 (dscores, g->db2);

  /* dhidden = np.dot(dscores, W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                  dhidden);

  /* dhidden[hidden_layer <= 0] = 0 */
  gsl_matrix_memcpy (g->dz1, dhidden);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (hidden_layer, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  np_dot_T (X, dhidden, g->dW1);
  add_reg (g->dW1, net->W1, reg);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  np_sum_axis0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
