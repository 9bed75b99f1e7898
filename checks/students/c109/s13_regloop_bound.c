/* backward pass -- 2 layer fully connected net with relu + softmax
 *
 * Written on flat arrays.  The regularisation gradients are added at the
 * end in one flat loop per weight matrix (they are contiguous).
 */
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define AT(a, i, j, ncol) (a)[(i) * (ncol) + (j)]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  double *dz2 = g->dz2->data, *dz1 = g->dz1->data, *dp1 = g->dp1->data;
  double *dw1 = g->dW1->data, *dw2 = g->dW2->data;
  const double *w1 = net->W1->data, *w2 = net->W2->data;

  /* scores */
  memcpy(dz2, cache->prob->data, N * C * sizeof(double));
  for (i = 0; i < N; i++)
    AT(dz2, i, y[i], C) -= 1.0;
  for (i = 0; i < N * C; i++)
    dz2[i] /= N;

  /* layer 2 */
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (k = 0; k < C; k++) {
    double s = 0;
    for (i = 0; i < N; i++)
      s += AT(dz2, i, k, C);
    g->db2->data[k] = s;
  }
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N * H; i++)
    dz1[i] = cache->z1->data[i] > 0 ? dp1[i] : 0;

  /* layer 1 */
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (j = 0; j < H; j++) {
    double s = 0;
    for (i = 0; i < N; i++)
      s += AT(dz1, i, j, H);
    g->db1->data[j] = s;
  }

  /* + d/dW of reg*(|W1|^2 + |W2|^2) */
  for (i = 0; i < H * C; i++)
    dw2[i] += 2 * reg * w2[i];
  for (i = 0; i < D * C; i++)
    dw1[i] += 2 * reg * w1[i];

  g->present = BP_GRADS_ALL;
  return 0;
}
