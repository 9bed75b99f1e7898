/* backward.c -- backward pass, two-layer net.  Lab 3.
 *
 * I keep one pointer per matrix and step it by its row stride (tda)
 * at the end of each row, instead of recomputing i*tda every time. */

#include <string.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double inv_n = 1.0 / (double) N, two_reg = 2.0 * reg;
  const double *pr, *zr, *dpr;
  double *dzr, *dhr;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 = (prob - Y) / N */
  pr = cache->prob->data;
  dzr = g->dz2->data;
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        dzr[k] = pr[k] * inv_n;
      dzr[y[i]] -= inv_n;
      pr += cache->prob->tda;
      dzr += g->dz2->tda;
    }

  /* dW2 = p1' dz2 + 2 reg W2 (W2 copied in, beta = 2 reg) */
  for (j = 0; j < H; j++)
    memcpy (g->dW2->data + j * g->dW2->tda, net->W2->data + j * net->W2->tda,
            C * sizeof (double));
  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) H, (int) C,
               (int) N, 1.0, cache->p1->data, (int) cache->p1->tda,
               g->dz2->data, (int) g->dz2->tda, two_reg,
               g->dW2->data, (int) g->dW2->tda);

  /* db2: one sum per class */
  dzr = g->dz2->data;
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (j = 0; j < C; j++)
        s += dzr[j];
      g->db2->data[k] = s;
      dzr += g->dz2->tda;
    }

  /* dp1 = dz2 W2' */
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) N, (int) H,
               (int) C, 1.0, g->dz2->data, (int) g->dz2->tda,
               net->W2->data, (int) net->W2->tda, 0.0,
               g->dp1->data, (int) g->dp1->tda);

  /* dz1 and db1 */
  memset (g->db1->data, 0, H * sizeof (double));
  zr = cache->z1->data;
  dpr = g->dp1->data;
  dhr = g->dz1->data;
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          dhr[j] = zr[j] > 0.0 ? dpr[j] : 0.0;
          g->db1->data[j] += dhr[j];
        }
      zr += cache->z1->tda;
      dpr += g->dp1->tda;
      dhr += g->dz1->tda;
    }

  /* dW1 = X' dz1 + 2 reg W1 */
  for (j = 0; j < D; j++)
    memcpy (g->dW1->data + j * g->dW1->tda, net->W1->data + j * net->W1->tda,
            H * sizeof (double));
  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) D, (int) H,
               (int) N, 1.0, X->data, (int) X->tda,
               g->dz1->data, (int) g->dz1->tda, two_reg,
               g->dW1->data, (int) g->dW1->tda);

  g->present = BP_GRADS_ALL;
  return 0;
}
