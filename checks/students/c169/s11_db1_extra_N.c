/* backward pass -- Uma and Victor
 * A: uses the bp_grads views directly, no temporaries
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1' dscores + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c) + 2 * reg * gsl_matrix_get (net->W2, h, c));

  /* db2 */
  for (c = 0; c < C; c++)
    {
      double sum = 0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, sum);
    }

  /* dhidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0 ? gsl_matrix_get (g->dp1, n, h) : 0);

  /* dW1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (n = 0; n < net->D; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, n, h, gsl_matrix_get (g->dW1, n, h) + 2 * reg * gsl_matrix_get (net->W1, n, h));

  /* db1 = mean of dz1 over the batch */
  // B: shouldn't db1 be like db2 (just the sum)?
  for (h = 0; h < H; h++)
    {
      double sum = 0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, sum / N);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
