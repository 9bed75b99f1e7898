/* backward.c
 *
 * Backward pass of the two layer net for the gradient checker.
 * Everything is a mean over the batch of N samples.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  {
    double tmp;
    for (size_t r = 0; r < N; r++)
      for (size_t c = 0; c < C; c++)
        {
          tmp = gsl_matrix_get (cache->prob, r, c);
          tmp -= (c == y[r]);
          gsl_matrix_set (g->dz2, r, c, tmp / N);
        }
  }

  /* dW2 */
  {
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (size_t r = 0; r < H; r++)
      for (size_t c = 0; c < C; c++)
        {
          double *tmp = gsl_matrix_ptr (g->dW2, r, c);
          *tmp += 2 * reg * gsl_matrix_get (net->W2, r, c);
        }
  }

  /* db2 */
  {
    double tmp;
    for (size_t c = 0; c < C; c++)
      {
        tmp = 0.0;
        for (size_t r = 0; r < N; r++)
          tmp += gsl_matrix_get (g->dz2, r, c);
        gsl_vector_set (g->db2, c, tmp);
      }
  }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  {
    const double *z, *v;
    double *out;
    for (size_t r = 0; r < N; r++)
      {
        z = cache->z1->data + r * cache->z1->tda;
        v = g->dp1->data + r * g->dp1->tda;
        out = g->dz1->data + r * g->dz1->tda;
        for (size_t c = 0; c < H; c++)
          out[c] = z[c] > 0.0 ? v[c] : 0.0;
      }
  }

  /* dW1 */
  {
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (size_t r = 0; r < D; r++)
      for (size_t c = 0; c < H; c++)
        {
          double *tmp = gsl_matrix_ptr (g->dW1, r, c);
          *tmp += 2 * reg * gsl_matrix_get (net->W1, r, c);
        }
  }

  /* db1: average of dz1 over the samples */
  {
    double tmp;
    for (size_t c = 0; c < H; c++)
      {
        tmp = 0.0;
        for (size_t r = 0; r < N; r++)
          tmp += gsl_matrix_get (g->dz1, r, c);
        gsl_vector_set (g->db1, c, tmp / N);
      }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
