/* backward.c -- Kofi Mensah
 * CS intro to deep learning, assignment 2, backward pass of the 2-layer net
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B, for the weight gradients.  A (N, M), B (N, K), C (M, K) */
static void
matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, m, k;
  for (m = 0; m < A->size2; m++)
    for (k = 0; k < B->size2; k++)
      {
        double s = 0;
        for (i = 0; i < A->size1; i++)
          s += gsl_matrix_get (A, i, m) * gsl_matrix_get (B, i, k);
        gsl_matrix_set (C, m, k, s);
      }
}

/* v = column sums of A */
static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (v, j, s);
    }
}

/* regularisation gradient: dW += reg * W */
static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j, k;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      {
        double t = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          t -= 1.0;
        gsl_matrix_set (g->dz2, i, k, t / (double) N);
      }

  /* 2. dW2 */
  matmul_AtB (cache->p1, g->dz2, g->dW2);
  add_l2 (g->dW2, net->W2, reg);

  /* 3. db2 */
  colsum (g->dz2, g->db2);

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double s = 0;
        for (k = 0; k < net->C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* 5. dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* 6. dW1 */
  matmul_AtB (X, g->dz1, g->dW1);
  add_l2 (g->dW1, net->W1, reg);

  /* 7. db1 */
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
