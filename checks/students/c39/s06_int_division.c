/* backward.c -- two-layer net, backward pass.
 *
 * Indexing macros from the course's "gsl cheat sheet" thread:
 *   M_AT(m,i,j)  element of a gsl_matrix (row major, uses tda)
 *   V_AT(v,i)    element of a gsl_vector
 * Products with gsl_blas_dgemm.
 *
 * TODO: free stuff? (nothing allocated at the moment)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define M_AT(m, i, j) ((m)->data[(size_t) (i) * (m)->tda + (size_t) (j)])
#define V_AT(v, i)    ((v)->data[(size_t) (i) * (v)->stride])

#define FOR(i, n) for (size_t i = 0; i < (n); ++i)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H, C = net->C, D = net->D;
  const double scale = 1 / N;          /* the loss is a mean over the batch */

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - onehot(y)) * scale */
  FOR (i, N)
    FOR (c, C)
      M_AT (g->dz2, i, c) = (M_AT (cache->prob, i, c) - (c == y[i] ? 1.0 : 0.0)) * scale;

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  FOR (h, H)
    FOR (c, C)
      M_AT (g->dW2, h, c) += 2.0 * reg * M_AT (net->W2, h, c);

  /* db2 */
  FOR (c, C)
    {
      V_AT (g->db2, c) = 0.0;
      FOR (i, N)
        V_AT (g->db2, c) += M_AT (g->dz2, i, c);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  FOR (i, N)
    FOR (h, H)
      M_AT (g->dz1, i, h) = M_AT (cache->z1, i, h) > 0 ? M_AT (g->dp1, i, h) : 0.0;

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  FOR (d, D)
    FOR (h, H)
      M_AT (g->dW1, d, h) += 2.0 * reg * M_AT (net->W1, d, h);

  /* db1 */
  FOR (h, H)
    {
      V_AT (g->db1, h) = 0.0;
      FOR (i, N)
        V_AT (g->db1, h) += M_AT (g->dz1, i, h);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
