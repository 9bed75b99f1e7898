/* Lab 4 -- backward pass.
 *
 * I added ATT for the transpose so the products read like the formulas:
 * ATT(m,i,j) is entry (i,j) of m^T.  Two helpers do the work: mul_tn
 * for A^T B and colsum for the bias gradients.
 */

#include <backprop.h>

#define AT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define ATT(m, i, j) AT (m, j, i)
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B + 2 reg W, with A (n, a), B (n, b), W and out (a, b) */
static void
mul_tn (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
        double reg, gsl_matrix *out)
{
  size_t r, c, n;

  for (r = 0; r < A->size2; r++)
    for (c = 0; c < B->size2; c++)
      {
        double acc = 0.0;
        for (n = 0; n < A->size1; n++)
          acc += ATT (A, r, n) * AT (B, n, c);
        AT (out, r, c) = acc + 2.0 * reg * AT (W, r, c);
      }
}

/* v[c] = sum_r A[r][c] */
static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t r, c;

  for (c = 0; c < A->size2; c++)
    {
      VAT (v, c) = 0.0;
      for (r = 0; r < A->size1; r++)
        VAT (v, c) += AT (A, r, c);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores gradient */
  for (n = 0; n < N; n++)
    for (c = 0; c < net->C; c++)
      AT (g->dz2, n, c) = (AT (cache->prob, n, c) - (c == y[n])) / N;

  mul_tn (cache->p1, g->dz2, net->W2, reg, g->dW2);
  colsum (g->dz2, g->db2);

  /* dp1 = dz2 W2^T */
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      {
        double acc = 0.0;
        for (c = 0; c < net->C; c++)
          acc += AT (g->dz2, n, c) * ATT (net->W2, c, h);
        AT (g->dp1, n, h) = acc;
      }

  /* relu */
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      AT (g->dz1, n, h) = AT (cache->z1, n, h) > 0.0 ? AT (g->dp1, n, h) : 0.0;

  mul_tn (X, g->dz1, net->W1, reg, g->dW1);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
