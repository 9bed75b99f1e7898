/* Backward pass -- written straight on the row-major storage.
 *
 * A GSL matrix M stores entry (r, c) at M->data[r * M->tda + c], so the
 * index notation below maps one to one onto the code through ENT().
 *
 * Softmax/cross-entropy: with m_i = max_c z2[i][c] and
 *   S_i = sum_c exp(z2[i][c] - m_i),   P[i][c] = exp(z2[i][c] - m_i) / S_i,
 *   dL/dz2[i][c] = (P[i][c] - delta(c, y_i)) / N.
 * P is recomputed from z2 here (same numbers as cache->prob).
 */

#include <math.h>
#include "backprop.h"

#define ENT(M, r, c) ((M)->data[(r) * (M)->tda + (c)])
#define VEC(v, k)    ((v)->data[(k) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out[a][b] = sum_i A[i][a] B[i][b] + lam W[a][b]   (out = A^T B + lam W) */
static void
atb_plus (const gsl_matrix *A, const gsl_matrix *B, double lam,
          const gsl_matrix *W, gsl_matrix *out)
{
  size_t a, b, i;
  for (a = 0; a < out->size1; a++)
    for (b = 0; b < out->size2; b++)
      {
        double acc = lam * ENT (W, a, b);
        for (i = 0; i < A->size1; i++)
          acc += ENT (A, i, a) * ENT (B, i, b);
        ENT (out, a, b) = acc;
      }
}

/* v[b] = sum_i A[i][b] */
static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, b;
  for (b = 0; b < A->size2; b++)
    {
      double acc = 0.0;
      for (i = 0; i < A->size1; i++)
        acc += ENT (A, i, b);
      VEC (v, b) = acc;
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    {
      double m = ENT (cache->z2, i, 0), S = 0.0;
      for (c = 1; c < C; c++)
        if (ENT (cache->z2, i, c) > m)
          m = ENT (cache->z2, i, c);
      for (c = 0; c < C; c++)
        S += exp (ENT (cache->z2, i, c) - m);
      for (c = 0; c < C; c++)
        {
          double P = exp (ENT (cache->z2, i, c) - m) / S;
          ENT (g->dz2, i, c) = (P - (c == y[i] ? 1.0 : 0.0)) / (double) N;
        }
    }

  /* dW2[h][c] = sum_i p1[i][h] dz2[i][c] + 2 reg W2[h][c] */
  atb_plus (cache->p1, g->dz2, 2.0 * reg, net->W2, g->dW2);
  /* db2[c] = sum_i dz2[i][c] */
  colsum (g->dz2, g->db2);

  /* dp1[i][h] = sum_c dz2[i][c] W2[h][c];  dz1[i][h] = dp1[i][h] [z1[i][h] > 0] */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (c = 0; c < C; c++)
          acc += ENT (g->dz2, i, c) * ENT (net->W2, h, c);
        ENT (g->dp1, i, h) = acc;
        ENT (g->dz1, i, h) = ENT (cache->z1, i, h) > 0.0 ? acc : 0.0;
      }

  /* dW1[d][h] = sum_i X[i][d] dz1[i][h] + 2 reg W1[d][h] */
  atb_plus (X, g->dz1, 2.0 * reg, net->W1, g->dW1);
  /* db1[h] = sum_i dz1[i][h] */
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
