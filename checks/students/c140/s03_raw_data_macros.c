/* backward.c -- hw3, backward pass
 *
 * Uses the data pointers directly (faster than gsl_matrix_get).
 * Remember: element (i,j) of a gsl_matrix is data[i*tda + j].
 */

#include "backprop.h"

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VE(v, i)    ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g) {
  size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  size_t i, j, k;

  if (n != cache->N || X->size2 != d || g->N != n)
    return 1;

  /* TODO: compute dz2 */
  for (i = 0; i < n; i++) {
    for (k = 0; k < c; k++)
      EL (g->dz2, i, k) = EL (cache->prob, i, k) / n;
    EL (g->dz2, i, y[i]) -= 1.0 / n;
  }
  /* END TODO */

  /* TODO: compute dW2 */
  for (j = 0; j < h; j++)
    for (k = 0; k < c; k++)
      EL (g->dW2, j, k) = 2.0 * reg * EL (net->W2, j, k);
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      for (k = 0; k < c; k++)
        EL (g->dW2, j, k) += EL (cache->p1, i, j) * EL (g->dz2, i, k);
  /* END TODO */

  /* TODO: compute db2 */
  for (k = 0; k < c; k++) {
    double acc = 0.0;
    for (i = 0; i < n; i++)
      acc += EL (g->dz2, i, k);
    VE (g->db2, k) = acc;
  }
  /* END TODO */

  /* TODO: compute dp1 and dz1 */
  for (i = 0; i < n; i++) {
    for (j = 0; j < h; j++) {
      double acc = 0.0;
      for (k = 0; k < c; k++)
        acc += EL (g->dz2, i, k) * EL (net->W2, j, k);
      EL (g->dp1, i, j) = acc;
      EL (g->dz1, i, j) = EL (cache->z1, i, j) > 0 ? acc : 0.0;
    }
  }
  /* END TODO */

  /* TODO: compute dW1 */
  for (i = 0; i < d; i++)
    for (j = 0; j < h; j++)
      EL (g->dW1, i, j) = 2.0 * reg * EL (net->W1, i, j);
  for (k = 0; k < n; k++)
    for (i = 0; i < d; i++)
      for (j = 0; j < h; j++)
        EL (g->dW1, i, j) += EL (X, k, i) * EL (g->dz1, k, j);
  /* END TODO */

  /* TODO: compute db1 */
  for (j = 0; j < h; j++)
    VE (g->db1, j) = 0.0;
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      VE (g->db1, j) += EL (g->dz1, i, j);
  /* END TODO */

  g->present = BP_GRADS_ALL;
  return 0;
}
