/* HW3: backprop for the 2-layer net.  Tobi Oyelaran.
 *
 * I keep short names for the cached matrices so the formulas below look
 * like the ones in the lecture notes.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  const gsl_matrix *hidden = cache->p1;
  const gsl_matrix *probs = cache->prob;
  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;

  /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix_memcpy (dscores, probs);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1);
  gsl_matrix_scale (dscores, 1.0 / N);

  /* dW2 = hidden.T @ dscores + 2*reg*W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, hidden, dscores, 2 * reg, g->dW2);

  /* db2 = dscores.sum(axis=0) */
  for (size_t c = 0; c < net->C; c++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dscores, c);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, c, s);
    }

  /* dhidden = dscores @ W2.T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, probs, net->W2, 0.0, dhidden);

  /* dhidden[hidden <= 0] = 0, into dz1 */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) <= 0 ? 0.0
                      : gsl_matrix_get (dhidden, i, j));

  /* dW1 = X.T @ dz1 + 2*reg*W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  /* db1 */
  for (size_t j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
