/* backward.c  (assignment 1, Q4)
 * author: j.hsu
 *
 * order: all the "activation" grads first (dz2 -> dp1 -> dz1), then
 * all parameter grads, then the L2 term in one go over the flat
 * parameter block (theta = W1 | b1 | W2 | b2, same layout in dtheta).
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B  (weight gradient of an affine layer) */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* out[k] = sum of column k of M */
static void
col_sums (const gsl_matrix *M, gsl_vector *out)
{
  for (size_t k = 0; k < M->size2; k++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (M, k);
      gsl_vector_set (out, k, gsl_vector_sum (&c.vector));
    }
}

/* dtheta[off .. off+len) += 2 reg theta[off .. off+len) */
static void
l2_block (const bp_net *net, bp_grads *g, size_t off, size_t len, double reg)
{
  gsl_vector_const_view w = gsl_vector_const_subvector (net->theta, off, len);
  gsl_vector_view dw = gsl_vector_subvector (g->dtheta, off, len);
  gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *onehot = gsl_matrix_calloc (N, C);
  gsl_matrix *gate = gsl_matrix_alloc (N, H);
  size_t i, j;

  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], -1.0 / N);   /* already negated and scaled */

  /* dz2 = prob/N - onehot/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / N);
  gsl_matrix_add (g->dz2, onehot);

  /* dp1 = dz2 W2^T  (N,C)(C,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 * gate */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (gate, i, j, (double) (gsl_matrix_get (cache->z1, i, j) > 0));
  gsl_matrix_memcpy (g->dz1, gate);
  gsl_matrix_mul_elements (g->dz1, g->dp1);

  /* parameters */
  weight_grad (cache->p1, g->dz2, g->dW2);
  weight_grad (X, g->dz1, g->dW1);
  col_sums (g->dz2, g->db2);
  col_sums (g->dz1, g->db1);

  /* L2 on the weights only: W1 block at 0, W2 block after W1 and b1 */
  l2_block (net, g, 0, D * H, reg);
  l2_block (net, g, D * H + H, H * C, reg);

  gsl_matrix_free (onehot);
  gsl_matrix_free (gate);
  g->present = BP_GRADS_ALL;
  return 0;
}
