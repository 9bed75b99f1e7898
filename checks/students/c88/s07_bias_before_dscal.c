/* HW2: backward pass for the 2-layer net.
 *   dscores -> dW2, db2 -> dhidden -> relu -> dW1, db1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  gsl_matrix *ds = g->dz2;               /* dscores */
  gsl_vector *one;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  one = gsl_vector_alloc (N);
  gsl_vector_set_all (one, 1.0);

  /* dscores = probs; dscores[range(N), y] -= 1 */
  gsl_matrix_memcpy (ds, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (ds, i, y[i], gsl_matrix_get (ds, i, y[i]) - 1.0);

  /* db2: column sums of dscores */
  gsl_blas_dgemv (CblasTrans, 1.0, ds, one, 0.0, g->db2);

  /* dscores /= N */
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (ds, i);
      gsl_blas_dscal (1.0 / N, &r.vector);
    }

  /* dW2 = h' ds + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, ds, 2.0 * reg,
                  g->dW2);

  /* dhidden = ds W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, ds, net->W2, 0.0, g->dp1);

  /* relu backward */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
