/* backward.c
 * Chidi Nwosu -- Intro to Deep Learning, PA1
 *
 * Shapes:  X (N x D)  W1 (D x H)  W2 (H x C)
 * All gradient scaling by the batch size is done once, in dz2.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW := A^T dZ + 2 reg W  (A and dZ have the batch as rows) */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t rows = cache->N;
  const double inv_batch = 1.0 / (double) X->size2;
  gsl_vector *ones = gsl_vector_alloc (rows);
  gsl_matrix *Yhot = gsl_matrix_calloc (rows, net->C);
  gsl_matrix *pos = gsl_matrix_alloc (rows, net->H);

  gsl_vector_set_all (ones, 1.0);
  for (size_t r = 0; r < rows; r++)
    gsl_matrix_set (Yhot, r, y[r], 1.0);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Yhot);
  gsl_matrix_scale (g->dz2, inv_batch);

  /* layer 2 */
  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (size_t r = 0; r < rows; r++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (pos, r, h, gsl_matrix_get (cache->z1, r, h) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, pos);

  /* layer 1 */
  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  gsl_matrix_free (Yhot);
  gsl_matrix_free (pos);
  g->present = BP_GRADS_ALL;
  return 0;
}
