/* ============================================================
 *  Lab 5   backward pass, two layer net
 *  One helper per gradient, like the lecture example.
 * ============================================================ */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = A^T dZ + 2 reg W     A (N,K), dZ (N,M), W and dW (K,M) */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  size_t a, b, n;
  for (a = 0; a < W->size1; a++)
    {
      for (b = 0; b < W->size2; b++)
        {
          double total = 0.0;
          for (n = 0; n < A->size1; n++)
            total += gsl_matrix_get (A, n, a) * gsl_matrix_get (dZ, n, b);
          gsl_matrix_set (dW, a, b, total + 2.0 * reg * gsl_matrix_get (W, a, b));
        }
    }
}

/* db = column sums of dZ */
static void
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t n, b;
  for (b = 0; b < dZ->size2; b++)
    {
      double total = 0.0;
      for (n = 0; n < dZ->size1; n++)
        total += gsl_matrix_get (dZ, n, b);
      gsl_vector_set (db, b, total);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---------- dz2 ---------- */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i])) / N);

  /* ---------- dW2 ---------- */
  /* (done by hand here, the helper is for dW1) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double total = 0.0;
        for (i = 0; i < N; i++)
          total += gsl_matrix_get (cache->p1, i, k) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, total + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* ---------- db2 ---------- */
  bias_grad (g->dz2, g->db2);

  /* ---------- dp1 ---------- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double total = 0.0;
        for (k = 0; k < C; k++)
          total += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, total);
      }

  /* ---------- dz1 ---------- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* ---------- dW1 ---------- */
  weight_grad (X, g->dz1, net->W1, reg, g->dW1);

  /* ---------- db1 ---------- */
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
