/* Backward pass, reverse accumulation.
 *
 * I keep one adjoint per forward variable and walk the forward program
 * from the last statement to the first.  Every adjoint starts at zero and
 * every statement only ADDS to the adjoints of its inputs, so a variable
 * used twice (W1 and W2 are used in the affine and in the penalty) gets
 * both contributions.  The adjoints are g's own matrices, no copies.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *adj_z2 = g->dz2, *adj_W2 = g->dW2;
  gsl_matrix *adj_p1 = g->dp1, *adj_z1 = g->dz1, *adj_W1 = g->dW1;
  gsl_vector *adj_b2 = g->db2, *adj_b1 = g->db1;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* all adjoints = 0 */
  gsl_matrix_set_zero (adj_z2);
  gsl_matrix_set_zero (adj_W2);
  gsl_vector_set_zero (adj_b2);
  gsl_matrix_set_zero (adj_p1);
  gsl_matrix_set_zero (adj_z1);
  gsl_matrix_set_zero (adj_W1);
  gsl_vector_set_zero (adj_b1);

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* L = data + reg * (sum W1^2 + sum W2^2) */
  gsl_matrix_memcpy (adj_W1, net->W1);
  gsl_matrix_scale (adj_W1, 2.0 * reg);
  gsl_matrix_memcpy (adj_W2, net->W2);
  gsl_matrix_scale (adj_W2, 2.0 * reg);

  /* data = -(1/N) sum_i log softmax(z2)[i, y_i] */
  gsl_matrix_memcpy (adj_z2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (adj_z2, i, y[i], gsl_matrix_get (adj_z2, i, y[i]) - 1.0);
  gsl_matrix_scale (adj_z2, 1.0 / (double) N);

  /* z2 = p1 W2 + b2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, adj_z2, 1.0, adj_W2);
  gsl_blas_dgemv (CblasTrans, 1.0, adj_z2, ones, 1.0, adj_b2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, adj_z2, net->W2, 1.0, adj_p1);

  /* p1 = relu(z1) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (adj_z1, i, j,
                        gsl_matrix_get (adj_z1, i, j) + gsl_matrix_get (adj_p1, i, j));

  /* z1 = X W1 + b1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, adj_z1, 1.0, adj_W1);
  gsl_blas_dgemv (CblasTrans, 1.0, adj_z1, ones, 1.0, adj_b1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
