/* backward.c -- one small function per step */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_grad (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  size_t n = prob->size1;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < prob->size2; j++)
      gsl_matrix_set (dz, i, j, (gsl_matrix_get (prob, i, j)
                                 - (j == y[i] ? 1.0 : 0.0)) / (double) n);
}

/* out = A' B */
static void
matmul_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t r = 0; r < A->size2; r++)
    for (size_t c = 0; c < B->size2; c++)
      {
        double s = 0;
        for (size_t k = 0; k < A->size1; k++)
          s += gsl_matrix_get (A, k, r) * gsl_matrix_get (B, k, c);
        gsl_matrix_set (out, r, c, s);
      }
}

/* out = A B' */
static void
matmul_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t r = 0; r < A->size1; r++)
    for (size_t c = 0; c < B->size1; c++)
      {
        double s = 0;
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, r, k) * gsl_matrix_get (B, c, k);
        gsl_matrix_set (out, r, c, s);
      }
}

static void
col_sum (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t c = 0; c < A->size2; c++)
    {
      double s = 0;
      for (size_t r = 0; r < A->size1; r++)
        s += gsl_matrix_get (A, r, c);
      gsl_vector_set (out, c, s);
    }
}

static void
relu_grad (const gsl_matrix *dp, const gsl_matrix *z, gsl_matrix *dz)
{
  for (size_t i = 0; i < dp->size1; i++)
    for (size_t j = 0; j < dp->size2; j++)
      gsl_matrix_set (dz, i, j, gsl_matrix_get (z, i, j) > 0
                      ? gsl_matrix_get (dp, i, j) : 0.0);
}

static void
add_l2 (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j)
                      + 2 * reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_grad (cache->prob, y, g->dz2);
  matmul_tn (cache->p1, g->dz2, g->dW2);
  add_l2 (net->W2, reg, g->dW2);
  col_sum (g->dz2, g->db2);
  matmul_nt (g->dz2, net->W2, g->dp1);
  relu_grad (g->dp1, cache->z1, g->dz1);
  matmul_tn (X, g->dz1, g->dW1);
  col_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
