/* backward.c - adjoint (reverse-mode) backward pass.
 *
 * Forward:  z1 = X W1 + b1;  p1 = relu(z1);  z2 = p1 W2 + b2;
 *           L = mean(-log softmax(z2)[y]) + reg*(|W1|^2 + |W2|^2)
 *
 * The relu is reversed in place (adj_z1 shares adj_p1's storage) to save
 * one N x H matrix.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *adj_z2, *adj_p1, *adj_z1;
  gsl_matrix *adj_W2, *adj_W1;
  gsl_vector *adj_b2, *adj_b1, *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  adj_z2 = gsl_matrix_alloc (N, C);
  adj_p1 = gsl_matrix_alloc (N, H);
  adj_W2 = gsl_matrix_alloc (H, C);
  adj_W1 = gsl_matrix_alloc (net->D, H);
  adj_b2 = gsl_vector_alloc (C);
  adj_b1 = gsl_vector_alloc (H);
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* L = mean_i(-log prob[i, y_i]) */
  gsl_matrix_memcpy (adj_z2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (adj_z2, i, y[i], gsl_matrix_get (adj_z2, i, y[i]) - 1.0);
  gsl_matrix_scale (adj_z2, 1.0 / N);

  /* z2 = p1 W2 + b2 */
  gsl_matrix_memcpy (adj_W2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, adj_z2,
                  2.0 * reg, adj_W2);   /* + 2 reg W2 from the penalty */
  gsl_blas_dgemv (CblasTrans, 1.0, adj_z2, ones, 0.0, adj_b2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, adj_z2, net->W2, 0.0, adj_p1);

  /* p1 = relu(z1) */
  adj_z1 = adj_p1;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (adj_z1, i, j, 0.0);

  /* z1 = X W1 + b1 */
  gsl_matrix_memcpy (adj_W1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, adj_z1, 2.0 * reg, adj_W1);
  gsl_blas_dgemv (CblasTrans, 1.0, adj_z1, ones, 0.0, adj_b1);

  /* copy out */
  gsl_matrix_memcpy (g->dz2, adj_z2);
  gsl_matrix_memcpy (g->dW2, adj_W2);
  gsl_vector_memcpy (g->db2, adj_b2);
  gsl_matrix_memcpy (g->dp1, adj_p1);
  gsl_matrix_memcpy (g->dz1, adj_z1);
  gsl_matrix_memcpy (g->dW1, adj_W1);
  gsl_vector_memcpy (g->db1, adj_b1);

  gsl_matrix_free (adj_z2);
  gsl_matrix_free (adj_p1);
  gsl_matrix_free (adj_W2);
  gsl_matrix_free (adj_W1);
  gsl_vector_free (adj_b2);
  gsl_vector_free (adj_b1);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
