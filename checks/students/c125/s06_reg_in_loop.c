// backward.c  (lab 6)  -- Kwame Mensah
// one loop over the samples, every gradient accumulated inside it.
// ds = gradient of the loss wrt the scores of this sample,
// dh = same for the hidden layer (after relu).

#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double ds[C], dh[H];

  double *W1 = net->W1->data, *W2 = net->W2->data;
  double *gW1 = g->dW1->data, *gW2 = g->dW2->data;
  size_t tW1 = net->W1->tda, tW2 = net->W2->tda;
  size_t tg1 = g->dW1->tda, tg2 = g->dW2->tda;

  for (size_t j = 0; j < H; j++) memset(gW2 + j * tg2, 0, C * sizeof(double));
  for (size_t d = 0; d < D; d++) memset(gW1 + d * tg1, 0, H * sizeof(double));
  gsl_vector_set_zero(g->db2);
  gsl_vector_set_zero(g->db1);

  for (size_t i = 0; i < N; i++) {
    const double *p = cache->prob->data + i * cache->prob->tda;
    const double *a = cache->p1->data + i * cache->p1->tda;
    const double *z = cache->z1->data + i * cache->z1->tda;
    const double *x = X->data + i * X->tda;

    for (size_t k = 0; k < C; k++) ds[k] = (p[k] - (k == y[i])) / N;
    memcpy(g->dz2->data + i * g->dz2->tda, ds, C * sizeof(double));

    // layer 2
    for (size_t j = 0; j < H; j++)
      for (size_t k = 0; k < C; k++)
        gW2[j * tg2 + k] += a[j] * ds[k] + 2 * reg * W2[j * tW2 + k];
    for (size_t k = 0; k < C; k++) g->db2->data[k * g->db2->stride] += ds[k];

    // back through W2 and the relu
    for (size_t j = 0; j < H; j++) {
      double s = 0;
      for (size_t k = 0; k < C; k++) s += W2[j * tW2 + k] * ds[k];
      g->dp1->data[i * g->dp1->tda + j] = s;
      dh[j] = z[j] > 0 ? s : 0;
    }
    memcpy(g->dz1->data + i * g->dz1->tda, dh, H * sizeof(double));

    // layer 1
    for (size_t d = 0; d < D; d++)
      for (size_t j = 0; j < H; j++) gW1[d * tg1 + j] += x[d] * dh[j];
    for (size_t j = 0; j < H; j++) g->db1->data[j * g->db1->stride] += dh[j];
  }

  // weight decay on W1 (W2 done above)
  for (size_t d = 0; d < D; d++)
    for (size_t j = 0; j < H; j++) gW1[d * tg1 + j] += 2 * reg * W1[d * tW1 + j];

  g->present = BP_GRADS_ALL;
  return 0;
}
