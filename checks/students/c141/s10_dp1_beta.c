#include <gsl/gsl_blas.h>
#include "backprop.h"

/*
 * backward(): fills all 7 gradients of g.
 * products with gsl_blas_dgemm, C := alpha op(A) op(B) + beta C
 */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (P - Y) / N */
  {
    const gsl_matrix *P = cache->prob;
    double v;
    for (size_t r = 0; r < N; r++)
      for (size_t c = 0; c < C; c++)
        {
          v = gsl_matrix_get (P, r, c);
          if (y[r] == c)
            v -= 1.0;
          gsl_matrix_set (g->dz2, r, c, v / (double) N);
        }
  }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  {
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans,
                    1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  }

  /* db2 */
  {
    double v;
    for (size_t c = 0; c < C; c++)
      {
        v = 0.0;
        for (size_t r = 0; r < N; r++)
          v += gsl_matrix_get (g->dz2, r, c);
        gsl_vector_set (g->db2, c, v);
      }
  }

  /* dp1 = dz2 W2^T */
  {
    gsl_blas_dgemm (CblasNoTrans, CblasTrans,
                    1.0, g->dz2, net->W2, 2.0 * reg, g->dp1);
  }

  /* dz1 = dp1 (.) 1[z1 > 0] */
  {
    double v;
    for (size_t r = 0; r < N; r++)
      for (size_t c = 0; c < H; c++)
        {
          v = 0.0;
          if (gsl_matrix_get (cache->z1, r, c) > 0.0)
            v = gsl_matrix_get (g->dp1, r, c);
          gsl_matrix_set (g->dz1, r, c, v);
        }
  }

  /* dW1 = X^T dz1 + 2 reg W1 */
  {
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans,
                    1.0, X, g->dz1, 2.0 * reg, g->dW1);
  }

  /* db1 */
  {
    double v;
    for (size_t c = 0; c < H; c++)
      {
        v = 0.0;
        for (size_t r = 0; r < N; r++)
          v += gsl_matrix_get (g->dz1, r, c);
        gsl_vector_set (g->db1, c, v);
      }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
