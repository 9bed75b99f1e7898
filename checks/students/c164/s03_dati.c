/* Backward pass scritto direttamente sui puntatori ->data.
 * Attenzione: le matrici GSL sono row-major con passo tda, quindi
 * l'elemento (i,j) sta in data[i*tda + j].
 * Autore: F. Colombo, matricola 884213 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define EL(M, i, j) ((M)->data[(i) * (M)->tda + (j)])

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g) {
  const size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  size_t i, j, k;
  double *db2 = g->db2->data, *db1 = g->db1->data;
  const size_t s2 = g->db2->stride, s1 = g->db1->stride;

  if (n != cache->N || X->size2 != d || g->N != n)
    return 1;

  /* dz2 */
  for (i = 0; i < n; i++) {
    for (k = 0; k < c; k++)
      EL (g->dz2, i, k) = EL (cache->prob, i, k) / n;
    EL (g->dz2, i, y[i]) -= 1.0 / n;
  }

  /* dW2 e db2 insieme: prima il termine di regolarizzazione */
  for (j = 0; j < h; j++)
    for (k = 0; k < c; k++)
      EL (g->dW2, j, k) = 2.0 * reg * EL (net->W2, j, k);
  for (k = 0; k < c; k++)
    db2[k * s2] = 0.0;
  for (i = 0; i < n; i++)
    for (k = 0; k < c; k++) {
      for (j = 0; j < h; j++)
        EL (g->dW2, j, k) += EL (cache->p1, i, j) * EL (g->dz2, i, k);
      db2[k * s2] += EL (g->dz2, i, k);
    }

  /* dp1 e, nello stesso ciclo, dz1 (la ReLU) */
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++) {
      double s = 0.0;
      for (k = 0; k < c; k++)
        s += EL (g->dz2, i, k) * EL (net->W2, j, k);
      EL (g->dp1, i, j) = s;
      EL (g->dz1, i, j) = EL (cache->z1, i, j) > 0 ? s : 0.0;
    }

  /* dW1 e db1 */
  for (k = 0; k < d; k++)
    for (j = 0; j < h; j++)
      EL (g->dW1, k, j) = 2.0 * reg * EL (net->W1, k, j);
  for (j = 0; j < h; j++)
    db1[j * s1] = 0.0;
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++) {
      double dz = EL (g->dz1, i, j);
      for (k = 0; k < d; k++)
        EL (g->dW1, k, j) += EL (X, i, k) * dz;
      db1[j * s1] += dz;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
