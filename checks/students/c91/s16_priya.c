/*
 * Priya Natarajan -- assignment 2, backward()
 *
 * Same structure as the forward: the loss value first (kept in
 * priya_loss for the log), then the gradients layer by layer.  The
 * loss is a mean over the batch, so every batch sum gets a 1/N.
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

double priya_loss;

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, h;
  gsl_matrix *regW;
  gsl_vector *ones;
  double ce = 0.0, n1, n2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* cross-entropy from the probabilities, + the L2 term */
  for (i = 0; i < N; i++)
    ce += -log (gsl_matrix_get (cache->prob, i, y[i]));
  {
    gsl_vector_const_view w1 = gsl_vector_const_view_array (net->W1->data, net->D * H);
    gsl_vector_const_view w2 = gsl_vector_const_view_array (net->W2->data, H * net->C);
    n1 = gsl_blas_dnrm2 (&w1.vector);
    n2 = gsl_blas_dnrm2 (&w2.vector);
  }
  priya_loss = ce / N + reg * (n1 * n1 + n2 * n2);

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (prob - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1' dz2 + 2 reg W2 */
  regW = gsl_matrix_alloc (H, net->C);
  gsl_matrix_memcpy (regW, net->W2);
  gsl_matrix_scale (regW, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, regW);
  gsl_matrix_free (regW);

  /* db2 = ones' dz2 (dz2 has the 1/N already) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* (z1 > 0), in place on a copy */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      if (gsl_matrix_get (cache->z1, i, h) <= 0.0)
        gsl_matrix_set (g->dz1, i, h, 0.0);

  /* dW1 = X' dz1 + 2 reg W1 */
  regW = gsl_matrix_alloc (net->D, H);
  gsl_matrix_memcpy (regW, net->W1);
  gsl_matrix_scale (regW, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, regW);
  gsl_matrix_free (regW);

  /* db1 = mean over the batch */
  gsl_blas_dgemv (CblasTrans, 1.0 / N, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
