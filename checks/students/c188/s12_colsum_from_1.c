/* backward.c
 *
 * Twee-laags netwerk, gradienten van
 *    L = 1/N sum_i -log(P_{i,y_i}) + reg (||W1||_F^2 + ||W2||_F^2)
 *
 *    G   = (P - Y)/N                 dW2 = A1' G + 2 reg W2
 *    db2 = sum_{i=1}^N G(i,:)        Gh  = G W2'
 *    dZ1 = Gh .* (Z1 > 0)            dW1 = X' dZ1 + 2 reg W1
 *    db1 = sum_{i=1}^N dZ1(i,:)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* s(j) = sum_{i=1}^{N} M(i,j) */
static void colsum (const gsl_matrix *M, gsl_vector *s)
{
  size_t i, j;
  for (j = 0; j < M->size2; j++)
    {
      double t = 0.0;
      for (i = 1; i < M->size1; i++)
        t += gsl_matrix_get (M, i, j);
      gsl_vector_set (s, j, t);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_matrix *G = g->dz2;

  gsl_matrix_memcpy (G, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (G, i, y[i], gsl_matrix_get (G, i, y[i]) - 1.0);
  gsl_matrix_scale (G, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2.0 * reg, g->dW2);
  colsum (G, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (!(gsl_matrix_get (cache->z1, i, j) > 0.0))
        gsl_matrix_set (g->dz1, i, j, 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
