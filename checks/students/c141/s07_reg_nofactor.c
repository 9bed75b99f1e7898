/* backward.c  --  backprop for the two-layer net
 * N samples, D inputs, H hidden, C classes
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  /* weight decay factor for dW1 and dW2 (d/dW of reg*W^2) */
  const double lam = reg;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  {
    double s;
    for (size_t i = 0; i < N; i++)
      for (size_t c = 0; c < C; c++)
        {
          s = gsl_matrix_get (cache->prob, i, c) - (y[i] == c ? 1.0 : 0.0);
          gsl_matrix_set (g->dz2, i, c, s / (double) N);
        }
  }

  /* dW2 = p1' dz2 + lam W2  (dgemm adds beta*C, C = W2) */
  {
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, lam, g->dW2);
  }

  /* db2 */
  {
    double s;
    for (size_t c = 0; c < C; c++)
      {
        s = 0.0;
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (g->dz2, i, c);
        gsl_vector_set (g->db2, c, s);
      }
  }

  /* dp1 */
  {
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  }

  /* dz1 */
  {
    double s;
    for (size_t i = 0; i < N; i++)
      for (size_t c = 0; c < H; c++)
        {
          s = gsl_matrix_get (g->dp1, i, c);
          gsl_matrix_set (g->dz1, i, c, gsl_matrix_get (cache->z1, i, c) > 0 ? s : 0.0);
        }
  }

  /* dW1 = X' dz1 + lam W1 */
  {
    double s;
    for (size_t r = 0; r < D; r++)
      for (size_t c = 0; c < H; c++)
        {
          s = lam * gsl_matrix_get (net->W1, r, c);
          for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get (X, i, r) * gsl_matrix_get (g->dz1, i, c);
          gsl_matrix_set (g->dW1, r, c, s);
        }
  }

  /* db1 */
  {
    double s;
    for (size_t c = 0; c < H; c++)
      {
        s = 0.0;
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (g->dz1, i, c);
        gsl_vector_set (g->db1, c, s);
      }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
