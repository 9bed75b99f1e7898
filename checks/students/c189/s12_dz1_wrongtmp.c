/* Lab 5: backward pass
 * Author: (student)
 * I keep dh (gradient of the hidden layer output) and dh_relu (after the
 * relu) as separate temporaries so I can print them while debugging.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *dscores = gsl_matrix_alloc (N, C);
  gsl_matrix *dh = gsl_matrix_alloc (N, H);
  gsl_matrix *dh_relu = gsl_matrix_alloc (N, H);

  /* ====== dz2 ====== */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double v = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          v -= 1.0;
        gsl_matrix_set (dscores, i, j, v / N);
      }
  gsl_matrix_memcpy (g->dz2, dscores);

  /* ====== dW2 ====== */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                  2.0 * reg, g->dW2);

  /* ====== db2 ====== */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dscores, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* ====== dp1 ====== */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dh);
  gsl_matrix_memcpy (g->dp1, dh);

  /* ====== dz1 ====== */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (dh_relu, i, j, gsl_matrix_get (dh, i, j));
        else
          gsl_matrix_set (dh_relu, i, j, 0.0);
      }
  gsl_matrix_memcpy (g->dz1, dh);

  /* ====== dW1 ====== */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* ====== db1 ====== */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;

  gsl_matrix_free (dscores);
  gsl_matrix_free (dh);
  gsl_matrix_free (dh_relu);
  return 0;
}
