/* Trabalho pratico 2 -- retropropagacao
 * Rafael Nogueira Lima
 * Acesso direto ao vetor ->data (com tda), para ficar mais rapido. */

#include "backprop.h"

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VE(v, i)    ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  size_t i, j, k;
  double inv_n = 1.0 / (double) n;

  if (n != cache->N || X->size2 != d || g->N != n)
    return 1;

  /* dz2 */
  for (i = 0; i < n; i++) {
    for (k = 0; k < c; k++)
      EL (g->dz2, i, k) = EL (cache->prob, i, k) * inv_n;
    EL (g->dz2, i, y[i]) -= inv_n;
  }

  /* dW2 e db2 -- zera antes de acumular */
  for (j = 0; j < h; j++)
    for (k = 0; k < c; k++)
      EL (g->dW2, j, k) = 2.0 * reg * EL (net->W2, j, k);
  for (k = 0; k < c; k++)
    VE (g->db2, k) = 0.0;

  for (i = 0; i < n; i++)
    for (k = 0; k < c; k++) {
      double dz = EL (g->dz2, i, k);
      VE (g->db2, k) += dz;
      for (j = 0; j < h; j++)
        EL (g->dW2, j, k) += EL (cache->p1, i, j) * dz;
    }

  /* dp1 e dz1 no mesmo laco */
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++) {
      double s = 0.0;
      for (k = 0; k < c; k++)
        s += EL (g->dz2, i, k) * EL (net->W2, j, k);
      EL (g->dp1, i, j) = s;
      EL (g->dz1, i, j) = EL (cache->z1, i, j) > 0.0 ? s : 0.0;
    }

  /* dW1 e db1 */
  for (k = 0; k < d; k++)
    for (j = 0; j < h; j++)
      EL (g->dW1, k, j) = 2.0 * reg * EL (net->W1, k, j);
  for (j = 0; j < h; j++)
    VE (g->db1, j) = 0.0;

  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++) {
      double dz = EL (g->dz1, i, j);
      if (dz == 0.0)
        continue;               /* neuronio morto, nao contribui */
      VE (g->db1, j) += dz;
      for (k = 0; k < d; k++)
        EL (g->dW1, k, j) += EL (X, i, k) * dz;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
