/* backward.c -- two-layer net, backward pass
 *
 * Same order as my numpy loss(): scores, then the biases, then the
 * weights, layer by layer.  Uses gsl views instead of copies where it can.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* b = A.sum(axis=0), as a (1, M) matrix view of b */
static void sum_axis0 (const gsl_matrix *A, gsl_vector *b)
{
  gsl_matrix_view bm = gsl_matrix_view_vector (b, 1, b->size);
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  gsl_matrix_view om = gsl_matrix_view_vector (ones, 1, A->size1);

  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, &om.matrix, A, 0.0,
                  &bm.matrix);
  gsl_vector_free (ones);
}

/* dx = dout where x > 0, else 0 (dout and dx may be the same) */
static void relu_grad (const gsl_matrix *dout, const gsl_matrix *x,
                       gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j, gsl_matrix_get (x, i, j) > 0.0
                      ? gsl_matrix_get (dout, i, j) : 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_matrix *dscores = g->dz2;

  /* dscores = probs.copy(); dscores[np.arange(N), y] -= 1 */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view row = gsl_matrix_row (dscores, i);
      gsl_vector_set (&row.vector, y[i], gsl_vector_get (&row.vector, y[i]) - 1.0);
    }

  /* grads['b2'] = np.sum(dscores, axis=0) */
  sum_axis0 (dscores, g->db2);

  /* dscores /= N */
  gsl_matrix_scale (dscores, 1.0 / (double) N);

  /* grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                  2.0 * reg, g->dW2);

  /* dhidden = dscores.dot(W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                  g->dp1);

  /* relu */
  relu_grad (g->dp1, cache->z1, g->dz1);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  sum_axis0 (g->dz1, g->db1);

  /* grads['W1'] = X.T.dot(dhidden) + 2*reg*W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
