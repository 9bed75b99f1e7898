/* Two-layer net, backward pass.  Port of the numpy in neural_net.py.
 * gsl_blas for the matrix products, plain loops for the rest.      */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t C = net->C;
  size_t H = net->H;
  double *dscores;
  double *dhidden;
  size_t i, c, j;

  /* dscores = probs */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  dscores = g->dz2->data;

  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < C; i++)
    dscores[i * C + y[i]] -= 1;

  /* dscores /= N */
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      dscores[i * C + c] /= N;

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2 * reg, g->dW2);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  for (c = 0; c < C; c++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += dscores[i * C + c];
      gsl_vector_set (g->db2, c, s);
    }

  /* dhidden = np.dot(dscores, W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dhidden[hidden_layer <= 0] = 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  dhidden = g->dz1->data;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->p1, i, j) <= 0)
        dhidden[i * H + j] = 0;

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += dhidden[i * H + j];
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
