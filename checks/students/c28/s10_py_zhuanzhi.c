/* zuoye 3: liang ceng shenjing wangluo de fanxiang chuanbo
 * Li Xiaoming  2022013388
 *
 * quanbu yong ->data zhijie suoyin (shou xie xunhuan), xiang C yuyan ke
 * shang jiang de yiyang.  H = yincang, C = leibie.
 */

#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t yangben = X->size1;
  size_t leibie = net->C;
  size_t yincang = net->H;
  size_t shuru = net->D;
  size_t i, j, k;

  if (yangben != cache->N || X->size2 != shuru)
    return 1;

  /* 1. tidu_z2 */
  for (i = 0; i < yangben; i++)
    for (k = 0; k < leibie; k++)
      {
        double v = cache->prob->data[i * cache->prob->tda + k];
        if (k == y[i])
          v -= 1.0;
        g->dz2->data[i * g->dz2->tda + k] = v / yangben;
      }

  /* 2. tidu_W2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < yincang; j++)
    for (k = 0; k < leibie; k++)
      {
        double he = 0.0;
        for (i = 0; i < yangben; i++)
          he += cache->p1->data[i * cache->p1->tda + j] * g->dz2->data[i * g->dz2->tda + k];
        g->dW2->data[j * g->dW2->tda + k] = he + 2.0 * reg * net->W2->data[j * net->W2->tda + k];
      }

  /* 3. tidu_b2 */
  for (k = 0; k < leibie; k++)
    {
      double he = 0.0;
      for (i = 0; i < yangben; i++)
        he += g->dz2->data[i * g->dz2->tda + k];
      g->db2->data[k * g->db2->stride] = he;
    }

  /* 4. tidu_p1 = dz2 W2^T */
  for (i = 0; i < yangben; i++)
    for (j = 0; j < yincang; j++)
      {
        double he = 0.0;
        for (k = 0; k < leibie; k++)
          he += g->dz2->data[i * g->dz2->tda + k] * net->W2->data[k * yincang + j];
        g->dp1->data[i * g->dp1->tda + j] = he;
      }

  /* 5. tidu_z1: ReLU */
  for (i = 0; i < yangben; i++)
    for (j = 0; j < yincang; j++)
      {
        double z = cache->z1->data[i * cache->z1->tda + j];
        g->dz1->data[i * g->dz1->tda + j] = (z > 0.0) ? g->dp1->data[i * g->dp1->tda + j] : 0.0;
      }

  /* 6. tidu_W1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < shuru; k++)
    for (j = 0; j < yincang; j++)
      {
        double he = 0.0;
        for (i = 0; i < yangben; i++)
          he += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
        g->dW1->data[k * g->dW1->tda + j] = he + 2.0 * reg * net->W1->data[k * net->W1->tda + j];
      }

  /* 7. tidu_b1 */
  for (j = 0; j < yincang; j++)
    {
      double he = 0.0;
      for (i = 0; i < yangben; i++)
        he += g->dz1->data[i * g->dz1->tda + j];
      g->db1->data[j * g->db1->stride] = he;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
