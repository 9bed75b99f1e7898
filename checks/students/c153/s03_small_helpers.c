/* backward.c -- week 4 exercise: backprop through the two layer net.
 *
 * I wrote small helpers for the three kinds of products so that the
 * backward function itself reads like the formulas in the lecture notes.
 */

#include "backprop.h"

/* out (K, M) = A' B, with A (N, K) and B (N, M) */
static void
mat_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t k, m, n;
  for (k = 0; k < A->size2; k++)
    for (m = 0; m < B->size2; m++)
      {
        double acc = 0.0;
        for (n = 0; n < A->size1; n++)
          acc += gsl_matrix_get (A, n, k) * gsl_matrix_get (B, n, m);
        gsl_matrix_set (out, k, m, acc);
      }
}

/* out (N, K) = A B', with A (N, M) and B (K, M) */
static void
mat_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t n, k, m;
  for (n = 0; n < A->size1; n++)
    for (k = 0; k < B->size1; k++)
      {
        double acc = 0.0;
        for (m = 0; m < A->size2; m++)
          acc += gsl_matrix_get (A, n, m) * gsl_matrix_get (B, k, m);
        gsl_matrix_set (out, n, k, acc);
      }
}

/* sum over the rows (axis=0) */
static void
col_sums (const gsl_matrix *A, gsl_vector *out)
{
  size_t n, m;
  gsl_vector_set_zero (out);
  for (n = 0; n < A->size1; n++)
    for (m = 0; m < A->size2; m++)
      gsl_vector_set (out, m, gsl_vector_get (out, m) + gsl_matrix_get (A, n, m));
}

/* dW += d(reg * sum W^2)/dW = 2 reg W */
static void
add_reg_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j,
                      gsl_matrix_get (dW, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores gradient: softmax minus one-hot, averaged */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      {
        double t = (j == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j) - t) / (double) N);
      }

  mat_tn (cache->p1, g->dz2, g->dW2);     /* dW2 = p1' dz2 */
  add_reg_grad (g->dW2, net->W2, reg);
  col_sums (g->dz2, g->db2);

  mat_nt (g->dz2, net->W2, g->dp1);       /* dp1 = dz2 W2' */

  /* ReLU backward */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  mat_tn (X, g->dz1, g->dW1);             /* dW1 = X' dz1 */
  add_reg_grad (g->dW1, net->W1, reg);
  col_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
