/* backward.c -- lab 3 backward pass
 *
 * Products with BLAS; the hidden-layer bias gradient is summed row by row
 * through row views.  The gradients come zeroed from bp_grads_alloc (see
 * grads.h), so the sums can go straight into g.
 * One temporary (ones, length N); freed before every return once made.
 */
#include <assert.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define BAIL(code) do { st = (code); goto finish; } while (0)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_vector *ones = NULL;
  size_t N, r, c;
  int st = GSL_SUCCESS;

  assert (net && X && y && cache && g);
  N = X->size1;
  if (N == 0 || N != cache->N || N != g->N || X->size2 != net->D)
    return GSL_EBADLEN;
  if (g->H != net->H || g->C != net->C)
    return GSL_EBADLEN;

  if ((ones = gsl_vector_alloc (N)) == NULL)
    BAIL (GSL_ENOMEM);
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (prob - onehot) / N */
  if ((st = gsl_matrix_memcpy (g->dz2, cache->prob)))
    BAIL (st);
  for (r = 0; r < N; r++)
    {
      if (y[r] >= net->C)
        BAIL (GSL_EINVAL);
      gsl_matrix_set (g->dz2, r, y[r], gsl_matrix_get (g->dz2, r, y[r]) - 1.0);
    }
  if ((st = gsl_matrix_scale (g->dz2, 1.0 / (double) N)))
    BAIL (st);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  if ((st = gsl_matrix_memcpy (g->dW2, net->W2)))
    BAIL (st);
  if ((st = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                            2.0 * reg, g->dW2)))
    BAIL (st);
  /* db2 = dz2^T 1 */
  if ((st = gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2)))
    BAIL (st);
  /* dp1 = dz2 W2^T */
  if ((st = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                            0.0, g->dp1)))
    BAIL (st);

  /* dz1 = dp1 masked by z1 > 0 */
  if ((st = gsl_matrix_memcpy (g->dz1, g->dp1)))
    BAIL (st);
  for (r = 0; r < N; r++)
    for (c = 0; c < net->H; c++)
      if (gsl_matrix_get (cache->z1, r, c) <= 0.0)
        gsl_matrix_set (g->dz1, r, c, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  if ((st = gsl_matrix_memcpy (g->dW1, net->W1)))
    BAIL (st);
  if ((st = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                            2.0 * reg, g->dW1)))
    BAIL (st);

  /* db1 = sum of the rows of dz1 */
  for (r = 0; r < N; r++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz1, r);
      if ((st = gsl_vector_add (g->db1, &row.vector)))
        BAIL (st);
    }

  g->present = BP_GRADS_ALL;
finish:
  gsl_vector_free (ones);
  return st;
}
