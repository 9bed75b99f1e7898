/* backward pass of the 2 layer net
 * 1) g->dz2 first holds dL/dprob, then is overwritten row by row with
 *    dL/dz2 = dL/dprob * J  (J = softmax jacobian)
 * 2) the rest is the usual affine / relu backward */
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  double *tmp;
  gsl_vector *ones;

  if (g->N != N || g->H != H || g->C != C)
    return 1;

  /* dL/dprob = -1/(N*prob) : the loss is the mean of -log(prob) */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set(g->dz2, i, k, -1.0 / (N * gsl_matrix_get(cache->prob, i, k)));
  (void) y;

  /* through the softmax, in place (copy the row first) */
  tmp = malloc(C * sizeof(double));
  for (i = 0; i < N; i++)
  {
    double *row = g->dz2->data + i * g->dz2->tda;
    const double *p = cache->prob->data + i * cache->prob->tda;
    memcpy(tmp, row, C * sizeof(double));
    for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += tmp[k] * p[k] * ((j == k) - p[j]);
      row[j] = s;
    }
  }
  free(tmp);

  ones = gsl_vector_alloc(N);
  gsl_vector_set_all(ones, 1.0);

  /* W2 / b2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* p1, z1 */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
    {
      double v = gsl_matrix_get(g->dp1, i, j);
      gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? v : 0.0);
    }

  /* W1 / b1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free(ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
