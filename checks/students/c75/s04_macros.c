/* backward.c -- my backward pass.  Macros for element access so the
 * formulas read like the maths on the slides. */

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(M, i, j)  ((M)->data[(i) * (M)->tda + (j)])
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* s[j] = sum_i A[i][j] */
static void
column_sums (const gsl_matrix *A, gsl_vector *s)
{
  gsl_vector_set_zero (s);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      VAT (s, j) += AT (A, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < net->C; k++)
      AT (g->dz2, i, k) = (AT (cache->prob, i, k) - (k == y[i])) / (double) N;

  /* second layer: dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg,
                  g->dW2);
  column_sums (g->dz2, g->db2);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu backward, in place on a copy of dp1: p1 > 0 exactly where z1 > 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (!(AT (cache->p1, i, j) > 0))
        AT (g->dz1, i, j) = 0.0;

  /* first layer */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  column_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
