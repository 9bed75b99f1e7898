/* backward.c -- lab 6
 * helpers: matmul_tn (A^T B), col_sum, relu_grad, then backward() just
 * calls them in order. */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B + lambda W   (pass W = NULL for no reg) */
static void
matmul_tn (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
           double lambda, gsl_matrix *out)
{
  size_t r, c, n;
  for (r = 0; r < A->size2; r++)
    for (c = 0; c < B->size2; c++)
      {
        double total = 0.0;
        for (n = 0; n < A->size1; n++)
          total += gsl_matrix_get (A, n, r) * gsl_matrix_get (B, n, c);
        if (W != NULL)
          total += lambda * gsl_matrix_get (W, r, c);
        gsl_matrix_set (out, r, c, total);
      }
}

/* out[j] = sum_i A[i][j] */
static void
col_sum (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  double total;

  total = 0.0;
  for (j = 0; j < A->size2; j++)
    {
      for (i = 0; i < A->size1; i++)
        total += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, total);
    }
}

static void
relu_grad (const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *din)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (din, i, j,
                      gsl_matrix_get (z, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      {
        double d = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          d = d - 1.0;
        gsl_matrix_set (g->dz2, i, j, d / N);
      }

  matmul_tn (cache->p1, g->dz2, net->W2, 2.0 * reg, g->dW2);
  col_sum (g->dz2, g->db2);

  /* dp1 = dz2 W2^T, can't use matmul_tn for this one */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double total = 0.0;
        for (k = 0; k < net->C; k++)
          total += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, total);
      }

  relu_grad (g->dp1, cache->z1, g->dz1);
  matmul_tn (X, g->dz1, net->W1, 2.0 * reg, g->dW1);
  col_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
