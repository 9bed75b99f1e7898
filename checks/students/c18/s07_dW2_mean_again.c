/* backward.c -- ECE 5970 mini-project 1
 * N. Petrov & A. Haddad
 *
 * NP: the softmax gradient and everything below the output layer (BLAS).
 * AH: the layer-2 parameter gradients dW2, db2 (loops, like the lecture
 *     pseudocode), and the regularisation block at the very end.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* NP: column sums of A into v, via dgemv with a vector of ones */
static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  gsl_vector *one = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (one, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, one, 0.0, v);
  gsl_vector_free (one);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* NP ---------------------------------------------------------- */
  /* dscores = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      gsl_vector_set (&r.vector, y[i], gsl_vector_get (&r.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* AH ---------------------------------------------------------- */
  /* dW2(h,c) = sum_i a1(i,h) * dz2(i,c)  */
  for (h = 0; h < net->H; h++)
    for (c = 0; c < net->C; c++)
      {
        double sum = 0.0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (g->dW2, h, c, sum);
      }
  gsl_matrix_scale (g->dW2, 1.0 / N);     /* average over the batch */

  /* db2(c) = sum_i dz2(i,c) */
  for (c = 0; c < net->C; c++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, sum);
    }

  /* NP ---------------------------------------------------------- */
  /* dhidden = dscores W2^T ; then the relu */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, i, h) <= 0.0)
        gsl_matrix_set (g->dz1, i, h, 0.0);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  colsum (g->dz1, g->db1);

  /* AH: regularisation, d/dW of reg*||W||^2 = 2*reg*W ------------ */
  for (h = 0; h < net->H; h++)
    for (c = 0; c < net->C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2 * reg * gsl_matrix_get (net->W2, h, c));
  for (i = 0; i < net->D; i++)
    for (h = 0; h < net->H; h++)
      gsl_matrix_set (g->dW1, i, h, gsl_matrix_get (g->dW1, i, h)
                      + 2 * reg * gsl_matrix_get (net->W1, i, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
