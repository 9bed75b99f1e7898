/* HW3 backward pass.
 *
 * dL/dz2 = (softmax - onehot) / N
 * the rest is the usual chain rule.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define IDX(A, r, c) gsl_matrix_get ((A), (r), (c))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t r, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* average over the batch first, then take off the correct class */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  for (r = 0; r < N; r++)
    gsl_matrix_set (g->dz2, r, y[r], IDX (g->dz2, r, y[r]) - 1.0);

  /* layer 2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg,
                  g->dW2);
  for (c = 0; c < net->C; c++)
    {
      double sum = 0.0;
      for (r = 0; r < N; r++)
        sum += IDX (g->dz2, r, c);
      gsl_vector_set (g->db2, c, sum);
    }
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* relu */
  for (r = 0; r < N; r++)
    for (c = 0; c < net->H; c++)
      gsl_matrix_set (g->dz1, r, c,
                      IDX (cache->z1, r, c) > 0 ? IDX (g->dp1, r, c) : 0);

  /* layer 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  for (c = 0; c < net->H; c++)
    {
      double sum = 0.0;
      for (r = 0; r < N; r++)
        sum += IDX (g->dz1, r, c);
      gsl_vector_set (g->db1, c, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
