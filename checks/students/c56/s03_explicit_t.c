/*
 * Statistical Learning, HW 6 (C part)
 * backward() written exactly like the formulas in the notes, with every
 * transpose made into its own matrix first (tA1 = t(A1), tW2 = t(W2),
 * tX = t(X)) so I can check the dimensions on paper:
 *
 *   Delta2 = (P - Y) / n               n x K
 *   grad_W2 = tA1 %*% Delta2 + 2 lambda W2     (H x n)(n x K)
 *   grad_b2 = colSums(Delta2)
 *   grad_A1 = Delta2 %*% tW2                    (n x K)(K x H)
 *   Delta1 = grad_A1 * (A1 > 0)     (A1 > 0 is the same as Z1 > 0)
 *   grad_W1 = tX %*% Delta1 + 2 lambda W1       (p x n)(n x H)
 *   grad_b1 = colSums(Delta1)
 *
 * Uses ->data and tda because the TA said gsl_matrix_get is slow.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define EL(M, r, c) ((M)->data[((r) - 1) * (M)->tda + ((c) - 1)])   /* 1-based, like R */

/* C = A %*% B, all allocated by the caller */
static void matmul (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, j, k;
  for (j = 1; j <= C->size2; j++)
    for (i = 1; i <= C->size1; i++)
    {
      double s = 0;
      for (k = 1; k <= A->size2; k++)
        s += EL (A, i, k) * EL (B, k, j);
      EL (C, i, j) = s;
    }
}

static void colSums (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 1; j <= A->size2; j++)
  {
    double s = 0;
    for (i = 1; i <= A->size1; i++)
      s += EL (A, i, j);
    v->data[(j - 1) * v->stride] = s;
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, p = X->size2, H = net->H, K = net->C;
  double lambda = reg;
  size_t i, j;

  if (n != cache->N || p != net->D || g->N != n)
    return 1;

  gsl_matrix *tA1 = gsl_matrix_alloc (H, n);
  gsl_matrix *tW2 = gsl_matrix_alloc (K, H);
  gsl_matrix *tX = gsl_matrix_alloc (p, n);
  gsl_matrix_transpose_memcpy (tA1, cache->p1);
  gsl_matrix_transpose_memcpy (tW2, net->W2);
  gsl_matrix_transpose_memcpy (tX, X);

  gsl_matrix *Delta2 = g->dz2, *Delta1 = g->dz1;
  gsl_matrix *grad_W2 = g->dW2, *grad_W1 = g->dW1, *grad_A1 = g->dp1;

  /* Delta2 */
  for (j = 1; j <= K; j++)
    for (i = 1; i <= n; i++)
      EL (Delta2, i, j) = (EL (cache->prob, i, j) - (y[i - 1] == j - 1)) / n;

  /* grad_W2 */
  matmul (tA1, Delta2, grad_W2);
  for (j = 1; j <= K; j++)
    for (i = 1; i <= H; i++)
      EL (grad_W2, i, j) += 2 * lambda * EL (net->W2, i, j);

  colSums (Delta2, g->db2);

  /* grad_A1 and Delta1 */
  matmul (Delta2, tW2, grad_A1);
  for (j = 1; j <= H; j++)
    for (i = 1; i <= n; i++)
      EL (Delta1, i, j) = EL (cache->p1, i, j) > 0 ? EL (grad_A1, i, j) : 0.0;

  /* grad_W1 */
  matmul (tX, Delta1, grad_W1);
  for (j = 1; j <= H; j++)
    for (i = 1; i <= p; i++)
      EL (grad_W1, i, j) += 2 * lambda * EL (net->W1, i, j);

  colSums (Delta1, g->db1);

  gsl_matrix_free (tA1);
  gsl_matrix_free (tW2);
  gsl_matrix_free (tX);

  g->present = BP_GRADS_ALL;
  return 0;
}
