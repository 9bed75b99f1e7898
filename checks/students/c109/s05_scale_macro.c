/* hw4 -- backprop by hand
 * AT(m,i,j) = element i,j of a row major gsl matrix.
 * SCALE() divides by the batch size (the loss is a mean).
 */
#include "backprop.h"

#define AT(m,i,j) ((m)->data[(i)*(m)->tda + (j)])
#define SCALE(x) x / (double) N

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;

  /* dL/dz2 = (p - 1{j==y}) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      AT(g->dz2, i, j) = SCALE(AT(cache->prob, i, j) - (j == y[i]));

  /* dW2, db2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      for (s = 0, i = 0; i < N; i++)
        s += AT(cache->p1, i, j) * AT(g->dz2, i, k);
      AT(g->dW2, j, k) = s + 2 * reg * AT(net->W2, j, k);
    }
  for (k = 0; k < C; k++) {
    for (s = 0, i = 0; i < N; i++)
      s += AT(g->dz2, i, k);
    g->db2->data[k] = s;
  }

  /* dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      for (s = 0, k = 0; k < C; k++)
        s += AT(g->dz2, i, k) * AT(net->W2, j, k);
      AT(g->dp1, i, j) = s;
    }

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0 ? AT(g->dp1, i, j) : 0;

  /* dW1, db1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      for (s = 0, i = 0; i < N; i++)
        s += AT(X, i, k) * AT(g->dz1, i, j);
      AT(g->dW1, k, j) = s + 2 * reg * AT(net->W1, k, j);
    }
  for (j = 0; j < H; j++) {
    for (s = 0, i = 0; i < N; i++)
      s += AT(g->dz1, i, j);
    g->db1->data[j] = s;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
