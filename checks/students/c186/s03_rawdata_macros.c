/*
 * backward.c  --  Lab backprop, group 4
 * Le Quang Huy (20195512)
 *
 * Using the data pointer directly (faster than gsl_matrix_get).
 * Remember: row i starts at data + i*tda, NOT i*size2 (views!).
 */

#include "backprop.h"

#define AT(M, i, j)   ((M)->data[(i) * (M)->tda + (j)])
#define VAT(v, i)     ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
column_sum (const gsl_matrix *A, gsl_vector *out)
{
  size_t r, c;
  for (c = 0; c < A->size2; c++)
    VAT (out, c) = 0.0;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      VAT (out, c) += AT (A, r, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;
  double invN;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* dscores */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      AT (g->dz2, n, c) = (AT (cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) * invN;

  /* dW2 (H x C) */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double acc = 2.0 * reg * AT (net->W2, h, c);
        for (n = 0; n < N; n++)
          acc += AT (cache->p1, n, h) * AT (g->dz2, n, c);
        AT (g->dW2, h, c) = acc;
      }

  /* db2 */
  column_sum (g->dz2, g->db2);

  /* dhidden (N x H) */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (c = 0; c < C; c++)
          acc += AT (g->dz2, n, c) * AT (net->W2, h, c);
        AT (g->dp1, n, h) = acc;
      }

  /* relu: z1 <= 0 means the unit was off */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      AT (g->dz1, n, h) = AT (cache->z1, n, h) > 0.0 ? AT (g->dp1, n, h) : 0.0;

  /* dW1 (D x H) */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double acc = 2.0 * reg * AT (net->W1, d, h);
        for (n = 0; n < N; n++)
          acc += AT (X, n, d) * AT (g->dz1, n, h);
        AT (g->dW1, d, h) = acc;
      }

  /* db1 */
  column_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
