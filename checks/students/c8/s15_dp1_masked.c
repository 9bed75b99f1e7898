/* backward.c -- my numpy code, line for line:
 *
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2
 *   grads['b2'] = dscores.sum(0)
 *   dhidden = dscores.dot(W2.T)
 *   dhidden[hidden <= 0] = 0
 *   grads['W1'] = X.T.dot(dhidden) + 2*reg*W1
 *   grads['b1'] = dhidden.sum(0)
 *
 * (in numpy dhidden is changed in place, so here too)
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void sum0 (const gsl_matrix *A, gsl_vector *out);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  sum0 (g->dz2, g->db2);

  /* dhidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dhidden[hidden <= 0] = 0 */
  gsl_matrix *keep = gsl_matrix_alloc (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (keep, i, j,
                      gsl_matrix_get (cache->p1, i, j) <= 0.0 ? 0.0 : 1.0);
  gsl_matrix_mul_elements (g->dp1, keep);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_free (keep);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  sum0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}

/* A.sum(0) */
static void
sum0 (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 0.0, out);
  gsl_vector_free (ones);
}
