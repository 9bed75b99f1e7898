/* backward.c -- my backward pass, one sample at a time.
 *
 * The vectorised numpy version (below, in the comments) sums over the
 * batch inside np.dot.  I found it easier to see what happens per row, so
 * this loops over the samples and adds each one's outer products with
 * gsl_blas_dger:  np.dot(A.T, B) == sum_i np.outer(A[i], B[i]).
 *
 * The penalty is put in first, the data part is accumulated on top.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double invN = 1.0 / (double) N;
  size_t i, h;

  /* grads['W2'] = ... + 2 * reg * W2      (penalty first) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  /* grads['W1'] = ... + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  /* biases: np.sum(..., axis=0) starts from zero */
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view prob_i = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_const_view hidden_i = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view z1_i = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view x_i = gsl_matrix_const_row (X, i);
      gsl_vector_view dscores_i = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dhidden_i = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz1_i = gsl_matrix_row (g->dz1, i);

      /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N   (row i) */
      gsl_vector_memcpy (&dscores_i.vector, &prob_i.vector);
      gsl_vector_set (&dscores_i.vector, y[i],
                      gsl_vector_get (&dscores_i.vector, y[i]) - 1.0);
      gsl_vector_scale (&dscores_i.vector, invN);

      /* grads['W2'] += np.outer(hidden_layer[i], dscores[i]) */
      gsl_blas_dger (1.0, &hidden_i.vector, &dscores_i.vector, g->dW2);
      /* grads['b2'] += dscores[i] */
      gsl_vector_add (g->db2, &dscores_i.vector);

      /* dhidden[i] = np.dot(dscores[i], W2.T) = W2 @ dscores[i] */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dscores_i.vector, 0.0,
                      &dhidden_i.vector);

      /* dhidden[i][z1[i] <= 0] = 0   (on a copy: dz1 row) */
      for (h = 0; h < net->H; h++)
        gsl_vector_set (&dz1_i.vector, h,
                        gsl_vector_get (&z1_i.vector, h) > 0.0
                        ? gsl_vector_get (&dhidden_i.vector, h) : 0.0);

      /* grads['W1'] += np.outer(X[i], dhidden[i]) */
      gsl_blas_dger (1.0, &x_i.vector, &dz1_i.vector, g->dW1);
      /* grads['b1'] += dhidden[i] */
      gsl_vector_add (g->db1, &dz1_i.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
