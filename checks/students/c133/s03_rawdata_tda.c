/* ---------------------------------------------------------------
 * EXPERIMENT 6 : BACKWARD PASS (2-layer net)
 * Name   : Priya S.        Reg no : 22BAI0317
 * Using ->data and tda directly since it is faster than get/set
 * (element (i,j) is at data[i*tda + j]).
 * --------------------------------------------------------------- */
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* (a) dz2 : copy prob, subtract 1 at the label, divide by N */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    AT(g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale(g->dz2, 1.0 / N);

  /* (b) dW2 : first the regularisation part, then add p1^T dz2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      AT(g->dW2, i, j) = 2.0 * reg * AT(net->W2, i, j);
  for (k = 0; k < N; k++)
    for (i = 0; i < H; i++)
      for (j = 0; j < C; j++)
        AT(g->dW2, i, j) += AT(cache->p1, k, i) * AT(g->dz2, k, j);

  /* (c) db2 */
  for (j = 0; j < C; j++)
    g->db2->data[j * g->db2->stride] = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      g->db2->data[j * g->db2->stride] += AT(g->dz2, i, j);

  /* (d) dp1 = dz2 . W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += AT(g->dz2, i, k) * AT(net->W2, j, k);
        AT(g->dp1, i, j) = s;
      }

  /* (e) dz1 : kill gradient where relu was off */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      AT(g->dz1, i, j) = (AT(cache->z1, i, j) > 0.0) ? AT(g->dp1, i, j) : 0.0;

  /* (f) dW1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      AT(g->dW1, i, j) = 2.0 * reg * AT(net->W1, i, j);
  for (k = 0; k < N; k++)
    for (i = 0; i < D; i++)
      for (j = 0; j < H; j++)
        AT(g->dW1, i, j) += AT(X, k, i) * AT(g->dz1, k, j);

  /* (g) db1 */
  for (j = 0; j < H; j++)
    g->db1->data[j * g->db1->stride] = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      g->db1->data[j * g->db1->stride] += AT(g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
