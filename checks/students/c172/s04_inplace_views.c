/* backward.c
 * Two-layer net backward pass (ECE 1508 assignment 2).
 *
 * Notes to self:
 *  - biases: db = 1' dZ, i.e. a (1,N) row of ones times dZ; done with dgemm
 *    on a (1,M) matrix view of the gradient vector.
 *  - dz1 is computed in place: dp1 goes into dz1 first, then the ReLU
 *    zeroes the dead units row by row.
 *  - reg term added with a scratch copy of W (freed at the end). */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REG_SCALE(r) (2.0 * (r))          /* d/dW of r |W|^2 */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW += 2 reg W, through a scratch matrix.  dW, W (K,M) */
static int
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  if (!tmp)
    return 1;
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, REG_SCALE (reg));
  gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, n;
  gsl_matrix *ones;                       /* (1, N) */
  gsl_matrix_view db2 = gsl_matrix_view_vector (g->db2, 1, net->C);
  gsl_matrix_view db1 = gsl_matrix_view_vector (g->db1, 1, net->H);
  int err = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  ones = gsl_matrix_alloc (1, N);
  if (!ones)
    return 1;
  gsl_matrix_set_all (ones, 1.0);

  /* dz2 (N,C) */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    *gsl_matrix_ptr (g->dz2, n, y[n]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 (H,C) = p1' dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  err |= add_l2 (g->dW2, net->W2, reg);

  /* db2 (1,C) = ones (1,N) dz2 (N,C) */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, ones, g->dz2, 0.0, &db2.matrix);

  /* dp1 (N,H) = dz2 W2', written into dz1 and copied out */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dz1);
  gsl_matrix_memcpy (g->dp1, g->dz1);

  /* dz1 (N,H): zero where z1 <= 0, in place */
  for (n = 0; n < N; n++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz1, n);
      gsl_vector_const_view zrow = gsl_matrix_const_row (cache->z1, n);
      size_t h;
      for (h = 0; h < row.vector.size; h++)
        if (gsl_vector_get (&zrow.vector, h) <= 0.0)
          gsl_vector_set (&row.vector, h, 0.0);
    }

  /* dW1 (D,H) = X' dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  err |= add_l2 (g->dW1, net->W1, reg);

  /* db1 (1,H) = ones (1,N) dz1 (N,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, ones, g->dz1, 0.0, &db1.matrix);

  gsl_matrix_free (ones);
  g->present = BP_GRADS_ALL;
  return err;
}
