/* HW3: backprop for the 2-layer net
 * Jung Dohyun  2021-10293
 * raw data pointers for the loops, BLAS for the matrix products
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double *row;

  if (N != cache->N || g->N != N)
    return 1;

  /* dS = (P - Y)/N */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++) {
    row = g->dz2->data + i * g->dz2->tda;
    row[y[i]] -= 1.0;
  }
  gsl_matrix_scale(g->dz2, 1.0 / N);

  /* dW2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

  /* db2 : add up the rows of dS */
  {
    double s = 0.0;
    for (j = 0; j < C; j++) {
      for (i = 0; i < N; i++)
        s += g->dz2->data[i * g->dz2->tda + j];
      g->db2->data[j * g->db2->stride] = s;
    }
  }

  /* dH = dS W2' */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dA = dH where A > 0 */
  for (i = 0; i < N; i++) {
    const double *a = cache->z1->data + i * cache->z1->tda;
    const double *dh = g->dp1->data + i * g->dp1->tda;
    double *da = g->dz1->data + i * g->dz1->tda;
    for (j = 0; j < H; j++)
      da[j] = a[j] > 0.0 ? dh[j] : 0.0;
  }

  /* dW1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += g->dz1->data[i * g->dz1->tda + j];
    g->db1->data[j * g->db1->stride] = s;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
