/* hw1 two-layer net: backward pass, numpy translated to C.
 *
 *   relu(x) = np.maximum(0, x)
 *   relu'(x) = (x >= 0)        <- derivative, 1 where the unit is on
 *
 * so  dhidden[hidden_layer <= 0] = 0  is the same as multiplying dhidden
 * by relu'(hidden_layer).
 */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* relu'(x) */
static double
relu_grad (double x)
{
  return x >= 0.0 ? 1.0 : 0.0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j;

  /* dscores = probs */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  /* dscores /= N */
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, cache->p1, g->dz2,
                  2 * reg, g->dW2);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  for (j = 0; j < C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dhidden = np.dot(dscores, W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, g->dz2, net->W2, 0, g->dp1);

  /* dhidden[hidden_layer <= 0] = 0   i.e.  dhidden *= relu'(hidden_layer) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j)
                      * relu_grad (gsl_matrix_get (cache->p1, i, j)));

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, X, g->dz1, 2 * reg, g->dW1);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
