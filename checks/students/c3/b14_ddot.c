/* backward pass with GSL vector views: every entry of a product is one
 * dot product of a row or column view, and a column sum is a dot product
 * with a vector of ones. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;
  gsl_vector *ones = gsl_vector_alloc (N);
  double r;

  if (!ones)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* dz2: softmax minus one-hot */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c, gsl_matrix_get (cache->prob, n, c) - (c == y[n]));

  /* dW2(h,c) = p1(:,h) . dz2(:,c) + 2 reg W2(h,c) */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        gsl_vector_const_view a = gsl_matrix_const_column (cache->p1, h);
        gsl_vector_const_view b = gsl_matrix_const_column (g->dz2, c);
        gsl_blas_ddot (&a.vector, &b.vector, &r);
        gsl_matrix_set (g->dW2, h, c, r + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
      }

  /* db2(c) = 1 . dz2(:,c) */
  for (c = 0; c < C; c++)
    {
      gsl_vector_const_view b = gsl_matrix_const_column (g->dz2, c);
      gsl_blas_ddot (ones, &b.vector, &r);
      gsl_vector_set (g->db2, c, r);
    }

  /* dp1(n,h) = dz2(n,:) . W2(h,:) */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        gsl_vector_const_view a = gsl_matrix_const_row (g->dz2, n);
        gsl_vector_const_view b = gsl_matrix_const_row (net->W2, h);
        gsl_blas_ddot (&a.vector, &b.vector, &r);
        gsl_matrix_set (g->dp1, n, h, r);
      }

  /* dz1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0 ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  /* dW1(d,h) = X(:,d) . dz1(:,h) + 2 reg W1(d,h) */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        gsl_vector_const_view a = gsl_matrix_const_column (X, d);
        gsl_vector_const_view b = gsl_matrix_const_column (g->dz1, h);
        gsl_blas_ddot (&a.vector, &b.vector, &r);
        gsl_matrix_set (g->dW1, d, h, r + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }

  /* db1(h) = 1 . dz1(:,h) */
  for (h = 0; h < H; h++)
    {
      gsl_vector_const_view b = gsl_matrix_const_column (g->dp1, h);
      gsl_blas_ddot (ones, &b.vector, &r);
      gsl_vector_set (g->db1, h, r);
    }

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
