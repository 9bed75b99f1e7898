/* ============================================================
 *  backward.c  --  Tomasz W.
 *  Bootcamp C module, project 2: backward pass of the 2-layer net
 *
 *  Approach: use GSL's own matrix operations as much as possible
 *  (memcpy, scale, mul_elements, blas) instead of writing loops.
 *  The ReLU mask is a 0/1 matrix made from p1 (p1 > 0 exactly when
 *  z1 > 0 because p1 = max(0, z1)). Bias gradients: ones^T * dZ.
 * ============================================================ */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int i, j;
  int num_samples = (int) X->size1;
  int num_hidden = (int) net->H;
  gsl_vector *ones = NULL;
  gsl_matrix *mask = NULL;
  double temp;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  /* temporaries: a vector of ones (N) and the relu mask (N, H) */
  ones = gsl_vector_alloc (X->size1);
  mask = gsl_matrix_alloc (X->size1, net->H);
  if (ones == NULL || mask == NULL)
    {
      gsl_vector_free (ones);
      gsl_matrix_free (mask);
      return 1;
    }
  gsl_vector_set_all (ones, 1.0);

  /* ---- dz2 ---- copy the probabilities and fix the label column */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < num_samples; i++)
    {
      temp = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], temp - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / num_samples);

  /* ---- dW2 ---- 2*reg*W2 first, then beta = 1 adds it to p1^T dz2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* ---- db2 ---- dz2^T * ones = column sums */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* ---- dp1 ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* ---- dz1 ---- dp1 .* mask, done in place on dz1 */
  for (i = 0; i < num_samples; i++)
    for (j = 0; j < num_hidden; j++)
      gsl_matrix_set (mask, i, j,
                      gsl_matrix_get (cache->p1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* ---- dW1 ---- same trick as dW2 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* ---- db1 ---- */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  /* fprintf (stderr, "db1[0] = %f\n", gsl_vector_get (g->db1, 0)); */

  gsl_vector_free (ones);
  gsl_matrix_free (mask);

  g->present = BP_GRADS_ALL;
  return 0;
}
