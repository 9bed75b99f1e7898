/* backward.c -- backprop, two-layer ReLU network
 *
 * Memory-conscious version: no temporaries except the batch-ones vector.
 * The ReLU backward is done in place (dz1 may alias dp1 in the reference
 * layer API), so dp1 is masked where it lives and then copied out.
 *
 * Rules (checked by hand on a 2-2-2 example):
 *   dz2 = (P - Y)/N,  dW2 = p1' dz2 + 2 reg W2,  db2 = 1' dz2
 *   dp1 = dz2 W2',    dz1 = dp1 o [z1 > 0]
 *   dW1 = X' dz1 + 2 reg W1,  db1 = 1' dz1
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_vector *u = gsl_vector_alloc (N);

  gsl_vector_set_all (u, 1.0);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, u, 0.0, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: relu backward in place, then copy */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dp1, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, u, 0.0, g->db1);

  gsl_vector_free (u);
  g->present = BP_GRADS_ALL;
  return 0;
}
