/* Lab 4 -- backward pass.
 *
 * gsl_matrix_get does a bounds check and a function call per element, so
 * we index the storage ourselves.  AT(m,i,j) is element (i,j) of a
 * row-major gsl_matrix with row stride tda; VAT(v,i) the same for a vector.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A' B + 2 reg W      A (n, r)  B (n, c)  W, out (r, c) */
static void
tmul_plus_reg (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
               double reg, gsl_matrix *out)
{
  size_t n, r, c;

  for (r = 0; r < out->size1; r++)
    for (c = 0; c < out->size2; c++)
      AT (out, r, c) = 2.0 * reg * AT (W, r, c);

  for (n = 0; n < A->size1; n++)
    for (r = 0; r < A->size2; r++)
      {
        double a = AT (A, n, r);
        for (c = 0; c < B->size2; c++)
          AT (out, r, c) += a * AT (B, n, c);
      }
}

/* s = sum of the rows of A */
static void
col_sums (const gsl_matrix *A, gsl_vector *s)
{
  size_t n, c;

  for (c = 0; c < s->size; c++)
    VAT (s, c) = 0.0;
  for (n = 0; n < A->size1; n++)
    for (c = 0; c < A->size2; c++)
      VAT (s, c) += AT (A, n, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores gradient */
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        AT (g->dz2, n, c) = AT (cache->prob, n, c);
      AT (g->dz2, n, y[n]) -= 1.0;
      for (c = 0; c < C; c++)
        AT (g->dz2, n, c) /= (double) N;
    }

  tmul_plus_reg (cache->p1, g->dz2, net->W2, reg, g->dW2);
  col_sums (g->dz2, g->db2);

  /* dp1 = dz2 W2^T : row h of W2 against row n of dz2 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (c = 0; c < C; c++)
          acc += AT (g->dz2, n, c) * AT (net->W2, h, c);
        AT (g->dp1, n, h) = acc;
      }

  /* relu: pass dp1 through where the unit was on */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      AT (g->dz1, n, h) = AT (cache->z1, n, h) > 0.0 ? AT (g->dp1, n, h) : 0.0;

  tmul_plus_reg (X, g->dz1, net->W1, reg, g->dW1);
  col_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
