/* CS 4780 HW -- backward for the 2 layer net
 * Jamal Carter
 * TODO: clean up before submitting
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
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *dscores = g->dz2;
  gsl_matrix_memcpy (dscores, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1);
  gsl_matrix_scale (dscores, 1.0 / N);

  /* grads W2 / b2 */
  gsl_matrix *dW2 = g->dW2;
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, dW2);
  gsl_matrix *regW2 = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (regW2, net->W2);
  gsl_matrix_scale (regW2, 2 * reg);
  gsl_matrix_add (dW2, regW2);
  gsl_matrix_free (regW2);

  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < net->C; c++)
      gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + gsl_matrix_get (dscores, i, c));

  /* backprop into hidden layer: dhidden = dscores . W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, dW2, 0.0, g->dp1);

  /* relu */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, i, h) <= 0)
        gsl_matrix_set (g->dz1, i, h, 0);

  /* grads W1 / b1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix *regW1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (regW1, net->W1);
  gsl_matrix_scale (regW1, 2 * reg);
  gsl_matrix_add (g->dW1, regW1);
  gsl_matrix_free (regW1);

  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + gsl_matrix_get (g->dz1, i, h));

  // printf("dW1[0][0] = %g\n", gsl_matrix_get (g->dW1, 0, 0));
  g->present = BP_GRADS_ALL;
  return 0;
}
