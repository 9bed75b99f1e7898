/* backward.c -- homework 3
 * Tried to use BLAS like the TA showed in the lab (gsl_blas_dgemm),
 * with loops where I could not figure out the BLAS call.
 *
 * trick: dgemm computes C = alpha*op(A)*op(B) + beta*C, so if I put
 * 2*reg*W in dW first and call it with beta = 1 the reg term is already
 * in there.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  double s;

  /* dz2 = (prob - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* db2: sum the rows of dz2 */
  for (j = 0; j < g->dz2->size2; j++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where the neuron was on. p1 = max(0,z1) so p1 == 0 exactly
   * when z1 <= 0, I use p1 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < g->dz1->size2; j++)
      if (gsl_matrix_get (cache->p1, i, j) == 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 (same trick) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* db1 */
  for (j = 0; j < g->dz1->size2; j++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
