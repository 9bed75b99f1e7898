/* backward.c
 * two layer net, softmax + relu.  Written with get/set and dgemm.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *W2_T, *dhid, *mask, *W1_reg, *W2_reg;

  if (N != cache->N || g->N != N)
    return 1;

  W2_T = gsl_matrix_alloc (C, H);
  dhid = gsl_matrix_alloc (N, H);
  mask = gsl_matrix_calloc (N, H);
  W1_reg = gsl_matrix_alloc (net->D, H);
  W2_reg = gsl_matrix_alloc (H, C);

  /* gradient of the softmax loss w.r.t. the scores */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double p = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          p -= 1.0;
        gsl_matrix_set (g->dz2, i, j, p);
      }

  /* W2, b2 */
  gsl_matrix_memcpy (W2_reg, net->W2);
  gsl_matrix_scale (W2_reg, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  gsl_matrix_add (g->dW2, W2_reg);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_vector_set (g->db2, j,
                      gsl_vector_get (g->db2, j) + gsl_matrix_get (g->dz2, i, j));

  /* hidden layer */
  gsl_matrix_transpose_memcpy (W2_T, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2_T, 0.0, dhid);
  gsl_matrix_memcpy (g->dp1, dhid);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (mask, i, j, 1.0);
  gsl_matrix_mul_elements (dhid, mask);
  gsl_matrix_memcpy (g->dz1, dhid);

  /* W1, b1 */
  gsl_matrix_memcpy (W1_reg, net->W1);
  gsl_matrix_scale (W1_reg, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dhid, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, W1_reg);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_vector_set (g->db1, j,
                      gsl_vector_get (g->db1, j) + gsl_matrix_get (dhid, i, j));

  gsl_matrix_free (W2_T);
  gsl_matrix_free (dhid);
  gsl_matrix_free (mask);
  gsl_matrix_free (W1_reg);
  gsl_matrix_free (W2_reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
