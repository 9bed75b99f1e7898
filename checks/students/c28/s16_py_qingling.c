/* shenjing wangluo zuoye 2 -- backward
 * Zhang Yifan  2020012931
 *
 * b de tidu yong "+=" leijia, suoyi xian qingling (set_zero).
 * W de tidu yong dgemm.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, H = net->H;
  size_t i, j;
  double *tidu_b2 = g->db2->data, *tidu_b1 = g->db1->data;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* qingling: b de tidu */
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db2);

  /* tidu_z2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j)
                                     - (j == y[i] ? 1.0 : 0.0)) / N);

  /* tidu_W2, tidu_b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      tidu_b2[j * g->db2->stride] += gsl_matrix_get (g->dz2, i, j);

  /* tidu_p1, tidu_z1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* tidu_W1, tidu_b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      tidu_b1[j * g->db1->stride] += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
