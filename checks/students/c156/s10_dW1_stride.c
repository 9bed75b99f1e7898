/* backward.c  (assignment 3)
 *
 * Hand written backward pass.  Indexing: A(i, j) of an R x S matrix is
 * A->data[i * S + j].  One flat loop per gradient.
 */
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->size2 + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t k, n, i, j;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - Y) / N */
  for (k = 0; k < N * C; k++)
    {
      i = k / C;
      j = k % C;
      g->dz2->data[k] = (AT (cache->prob, i, j) - (j == y[i])) / N;
    }

  /* dW2 (H x C) */
  for (k = 0; k < H * C; k++)
    {
      double s = 0;
      i = k / C;
      j = k % C;
      for (n = 0; n < N; n++)
        s += AT (cache->p1, n, i) * AT (g->dz2, n, j);
      g->dW2->data[k] = s + 2 * reg * AT (net->W2, i, j);
    }

  /* db2 (C) */
  for (j = 0; j < C; j++)
    g->db2->data[j] = 0;
  for (k = 0; k < N * C; k++)
    g->db2->data[k % C] += g->dz2->data[k];

  /* dp1 (N x H) = dz2 W2^T */
  for (k = 0; k < N * H; k++)
    {
      double s = 0;
      size_t c;
      i = k / H;
      j = k % H;
      for (c = 0; c < C; c++)
        s += AT (g->dz2, i, c) * AT (net->W2, j, c);
      g->dp1->data[k] = s;
    }

  /* dz1 (N x H) */
  for (k = 0; k < N * H; k++)
    g->dz1->data[k] = cache->z1->data[k] > 0 ? g->dp1->data[k] : 0;

  /* dW1 (D x H) = X^T dz1 : X^T(i, n) is X->data[i * N + n] */
  for (k = 0; k < D * H; k++)
    {
      double s = 0;
      i = k / H;
      j = k % H;
      for (n = 0; n < N; n++)
        s += X->data[i * N + n] * AT (g->dz1, n, j);
      g->dW1->data[k] = s + 2 * reg * AT (net->W1, i, j);
    }

  /* db1 (H) */
  for (j = 0; j < H; j++)
    g->db1->data[j] = 0;
  for (k = 0; k < N * H; k++)
    g->db1->data[k % H] += g->dz1->data[k];

  g->present = BP_GRADS_ALL;
  return 0;
}
