/* backward.c  --  Assignment 3, part 2
 *
 * I use a macro around gsl_matrix_ptr so the formulas look like the
 * lecture notes, and raw data + tda in the inner loops (faster?).
 */

#include "backprop.h"

#define M(m, i, j)  (*gsl_matrix_ptr ((m), (i), (j)))
#define CM(m, i, j) (*gsl_matrix_const_ptr ((m), (i), (j)))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B  (A is N x a, B is N x b, out is a x b), plus 2 reg W */
static void
at_b_plus_reg (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
               double reg, gsl_matrix *out)
{
  size_t n, r, c;
  for (r = 0; r < out->size1; r++)
    for (c = 0; c < out->size2; c++)
      M (out, r, c) = 2 * reg * CM (W, r, c);
  for (n = 0; n < A->size1; n++)
    {
      const double *a = A->data + n * A->tda;
      const double *b = B->data + n * B->tda;
      for (r = 0; r < out->size1; r++)
        {
          double *o = out->data + r * out->tda;
          for (c = 0; c < out->size2; c++)
            o[c] += a[r] * b[c];
        }
    }
}

/* column sums of A into v */
static void
colsums (const gsl_matrix *A, gsl_vector *v)
{
  size_t n, c;
  gsl_vector_set_zero (v);
  for (n = 0; n < A->size1; n++)
    for (c = 0; c < A->size2; c++)
      *gsl_vector_ptr (v, c) += CM (A, n, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;
  double invN;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* dL/dz2 */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      M (g->dz2, n, c) = invN * (CM (cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0));

  at_b_plus_reg (cache->p1, g->dz2, net->W2, reg, g->dW2);
  colsums (g->dz2, g->db2);

  /* dL/dp1 = dz2 W2^T, and the relu gate in the same sweep.
     p1 > 0 exactly when z1 > 0 so either one works for the gate */
  for (n = 0; n < N; n++)
    {
      double *dp = g->dp1->data + n * g->dp1->tda;
      double *dz = g->dz1->data + n * g->dz1->tda;
      const double *p = cache->p1->data + n * cache->p1->tda;
      for (h = 0; h < H; h++)
        {
          const double *w = net->W2->data + h * net->W2->tda;
          const double *d = g->dz2->data + n * g->dz2->tda;
          dp[h] = 0;
          for (c = 0; c < C; c++)
            dp[h] += d[c] * w[c];
          dz[h] = p[h] > 0 ? dp[h] : 0;
        }
    }

  at_b_plus_reg (X, g->dz1, net->W1, reg, g->dW1);
  colsums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
