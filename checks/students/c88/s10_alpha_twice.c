/* backward.c -- ported from my numpy solution
 *
 *   dscores = probs; dscores[arange(N), y] -= 1; dscores /= N
 *   dW2 = h.T @ dscores + 2*reg*W2 ;  db2 = dscores.sum(0)
 *   dh = dscores @ W2.T ; dh[z1 <= 0] = 0
 *   dW1 = X.T @ dh + 2*reg*W1 ;  db1 = dh.sum(0)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double s = 1.0 / (double) N;
  gsl_vector *u;
  size_t i, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  u = gsl_vector_alloc (N);
  gsl_vector_set_all (u, 1.0);

  /* dscores (stored: dz2 is one of the outputs) */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, s);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, s, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, u, 0.0, g->db2);

  /* dh */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    {
      const double *z = gsl_matrix_const_ptr (cache->z1, i, 0);
      double *d = gsl_matrix_ptr (g->dz1, i, 0);
      for (k = 0; k < net->H; k++)
        if (z[k] <= 0.0)
          d[k] = 0.0;
    }

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, u, 0.0, g->db1);

  gsl_vector_free (u);
  g->present = BP_GRADS_ALL;
  return 0;
}
