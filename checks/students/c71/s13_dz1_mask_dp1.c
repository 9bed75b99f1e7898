/* backward.c -- two layer net
 * BLAS (double) for the matrix products, float for the elementwise
 * stuff like my shaders. */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
col_sums (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      float s = 0.0f;
      for (i = 0; i < A->size1; i++)
        s += (float) gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        float v = (float) gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          v -= 1.0f;
        gsl_matrix_set (g->dz2, i, j, v / (float) N);
      }

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  col_sums (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* relu: pass the gradient where it is positive */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        float d = (float) gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, d > 0.0f ? d : 0.0f);
      }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  col_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
