/* backward.c -- the backward pass, vectorised (GSL).
 *
 * Notation from the slides:  P = softmax(scores),  Y = onehot(y)
 *   dscores = (P - Y)/N
 *   dhidden = dscores W2^T
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
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *P = cache->prob;
  gsl_matrix *Y, *M;
  gsl_vector *e;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  Y = gsl_matrix_calloc (N, C);
  M = gsl_matrix_alloc (N, H);
  e = gsl_vector_alloc (N);
  gsl_vector_set_all (e, 1.0);
  for (i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);

  /* dscores */
  gsl_matrix_memcpy (g->dz2, P);
  gsl_matrix_sub (g->dz2, Y);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg,
                  g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, e, 0.0, g->db2);

  /* dhidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, P, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (M, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1 : 0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, M);

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, e, 0.0, g->db1);

  gsl_matrix_free (M);
  gsl_matrix_free (Y);
  gsl_vector_free (e);
  g->present = BP_GRADS_ALL;
  return 0;
}
