/* backward.c
 *
 * One macro per matrix so the formulas look like the math in the notes.
 * (idea from the "readable C for ML" blog post linked in the forum)
 *
 *   dz2 = (P - Y)/N
 *   dW2 = p1^T dz2 + 2 reg W2          db2 = sum_rows dz2
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 .* (z1 > 0)
 *   dW1 = X^T dz1 + 2 reg W1           db1 = sum_rows dz1
 */

#include "backprop.h"

#define EL(m, r, c)  ((m)->data[(r) * (m)->tda + (c)])

#define Xm(r, c)    EL (X, r, c)
#define Z1(r, c)    EL (cache->z1, r, c)
#define P1(r, c)    EL (cache->p1, r, c)
#define PROB(r, c)  EL (cache->prob, r, c)
#define W1(r, c)    EL (net->W1, r, c)
#define W2(r, c)    EL (net->W2, r, c)

#define DZ2(r, c)   EL (g->dz2, r, c)
#define DW2(r, c)   EL (g->dW2, r, c)
#define DP1(r, c)   EL (g->dp1, r, c)
#define DZ1(r, c)   EL (g->dz1, r, c)
#define DW1(r, c)   EL (g->dW1, r, c)
#define DB2(c)      ((g->db2)->data[(c) * (g->db2)->stride])
#define DB1(c)      ((g->db1)->data[(c) * (g->db1)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      DZ2 (n, c) = (PROB (n, c) - (y[n] == c)) / (double) N;

  /* dW2, db2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        DW2 (h, c) = 2.0 * reg * W2 (h, c);
        for (n = 0; n < N; n++)
          DW2 (h, c) += P1 (n, h) * DZ2 (n, c);
      }
  for (c = 0; c < C; c++)
    {
      DB2 (c) = 0.0;
      for (n = 0; n < N; n++)
        DB2 (c) += DZ2 (n, c);
    }

  /* dp1 = dz2 W2^T */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        DP1 (n, h) = 0.0;
        for (c = 0; c < C; c++)
          DP1 (n, h) += DZ2 (n, c) * W2 (c, h);
      }

  /* dz1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      DZ1 (n, h) = Z1 (n, h) > 0.0 ? DP1 (n, h) : 0.0;

  /* dW1, db1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        DW1 (d, h) = 2.0 * reg * W1 (d, h);
        for (n = 0; n < N; n++)
          DW1 (d, h) += Xm (n, d) * DZ1 (n, h);
      }
  for (h = 0; h < H; h++)
    {
      DB1 (h) = 0.0;
      for (n = 0; n < N; n++)
        DB1 (h) += DZ1 (n, h);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
