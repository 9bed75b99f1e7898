/* backward.c  --  A2: backward pass of the two-layer network
 *
 * All four parameter gradients get the L2 term: d/dtheta of
 * reg * |theta|^2 is 2 * reg * theta.
 *
 * Shapes (N batch, D input, H hidden, C classes):
 *   dz2 (N,C)  dW2 (H,C)  db2 (C)  dp1 (N,H)  dz1 (N,H)  dW1 (D,H)  db1 (H)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(M, i, j)     gsl_matrix_get ((M), (i), (j))
#define SET(M, i, j, v)  gsl_matrix_set ((M), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  if ((ones = gsl_vector_alloc (N)) == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* -- dz2 = (prob - Y) / N -- */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      SET (g->dz2, i, j, (GET (cache->prob, i, j) - (j == y[i])) / N);

  /* -- dW2 = p1' dz2 + 2 reg W2 -- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* -- db2 = 1' dz2 + 2 reg b2 -- */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  gsl_blas_daxpy (2.0 * reg, net->b2, g->db2);

  /* -- dp1 = dz2 W2' -- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* -- dz1 = dp1 .* [z1 > 0] -- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      SET (g->dz1, i, j, GET (cache->z1, i, j) > 0 ? GET (g->dp1, i, j) : 0.0);

  /* -- dW1 = X' dz1 + 2 reg W1 -- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* -- db1 = 1' dz1 -- */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
