/* backward.c
 *
 * MATH 578 -- assignment 4, backprop by hand.
 *
 * I keep every gradient a batch MEAN, so each matrix product over the
 * batch gets a 1/N:
 *   dz2 = (P - Y) / N
 *   dp1 = (1/N) dz2 W2^T
 *   ...
 * Update (after office hours): dW2, dW1 must NOT get a second 1/N since
 * dz2 already has it -- fixed below.
 *
 * ReLU derivative: 1 for z > 0, 0 for z <= 0 (subgradient 0 at 0).
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  const double s = 1.0 / (double) N;
  gsl_vector *one = gsl_vector_alloc (N);
  size_t i, j;

  gsl_vector_set_all (one, 1.0);

  /* dz2 = (P - Y)/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, s);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  /* db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

  /* dp1 = (1/N) dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, s, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 * relu'(z1) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      GSL_SIGN (gsl_matrix_get (cache->z1, i, j)) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 ; db1 = dz1^T 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
