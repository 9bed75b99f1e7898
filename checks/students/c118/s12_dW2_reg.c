/* backward.c
 * Two-layer network, gradient of the loss by the chain rule.
 * Penalty: R = reg * ||W||_F^2,  dR/dW = reg * W.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t r, c;
  double invN = 1.0 / (double) N;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* scores */
  for (c = 0; c < C; c++)
    for (r = 0; r < N; r++)
      SET (g->dz2, r, c, invN * (GET (cache->prob, r, c) - (y[r] == c)));

  /* second layer weights */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (c = 0; c < C; c++)
    for (r = 0; r < H; r++)
      SET (g->dW2, r, c, GET (g->dW2, r, c) + reg * GET (net->W2, r, c));

  /* second layer bias */
  for (c = 0; c < C; c++)
    {
      double s = 0.0;
      for (r = 0; r < N; r++)
        s += GET (g->dz2, r, c);
      gsl_vector_set (g->db2, c, s);
    }

  /* back into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (c = 0; c < H; c++)
    for (r = 0; r < N; r++)
      SET (g->dz1, r, c, GET (cache->z1, r, c) > 0 ? GET (g->dp1, r, c) : 0.0);

  /* first layer weights: the same as above */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (c = 0; c < H; c++)
    for (r = 0; r < D; r++)
      SET (g->dW1, r, c, GET (g->dW1, r, c) + 2 * reg * GET (net->W1, r, c));

  /* first layer bias */
  for (c = 0; c < H; c++)
    {
      double s = 0.0;
      for (r = 0; r < N; r++)
        s += GET (g->dz1, r, c);
      gsl_vector_set (g->db1, c, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
