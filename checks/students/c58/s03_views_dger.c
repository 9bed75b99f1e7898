/* backward.c -- two-layer net, backward pass.
   Evening course, exercise 3.

   Memory: one gsl_vector "pool" is allocated up front and carved into
   views, so there is exactly one alloc and one free.  The weight
   gradients are built as sums of outer products (one per sample), which
   is how the lecture derived them.  The same pool region "wbuf" is used
   for dW2 and later for dW1; it is cleared before each use. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h;
  size_t wsize = (D * H > H * C) ? D * H : H * C;
  gsl_vector *pool;
  int rc = GSL_ENOMEM;

  if (N != cache->N || X->size2 != D || g->N != N)
    return GSL_EBADLEN;

  pool = gsl_vector_calloc (wsize + N * H);
  if (pool == NULL)
    goto fail;

  {
    gsl_vector_view wpart = gsl_vector_subvector (pool, 0, wsize);
    gsl_vector_view hpart = gsl_vector_subvector (pool, wsize, N * H);
    gsl_matrix_view wbuf_HC = gsl_matrix_view_vector (&wpart.vector, H, C);
    gsl_matrix_view wbuf_DH = gsl_matrix_view_vector (&wpart.vector, D, H);
    gsl_matrix_view hidden = gsl_matrix_view_vector (&hpart.vector, N, H);

    /* 1. dz2, one row at a time */
    for (n = 0; n < N; n++)
      {
        gsl_vector_const_view prow = gsl_matrix_const_row (cache->prob, n);
        gsl_vector_view drow = gsl_matrix_row (g->dz2, n);
        gsl_vector_memcpy (&drow.vector, &prow.vector);
        *gsl_vector_ptr (&drow.vector, y[n]) -= 1.0;
        gsl_vector_scale (&drow.vector, 1.0 / (double) N);
      }

    /* 2. dW2 = sum_n p1[n]^T dz2[n] + 2 reg W2 */
    gsl_matrix_set_zero (&wbuf_HC.matrix);
    for (n = 0; n < N; n++)
      {
        gsl_vector_const_view a = gsl_matrix_const_row (cache->p1, n);
        gsl_vector_view d = gsl_matrix_row (g->dz2, n);
        gsl_blas_dger (1.0, &a.vector, &d.vector, &wbuf_HC.matrix);
      }
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_matrix_scale (g->dW2, 2.0 * reg);
    gsl_matrix_add (g->dW2, &wbuf_HC.matrix);

    /* 3. db2 = sum of the rows of dz2 */
    gsl_vector_set_zero (g->db2);
    for (n = 0; n < N; n++)
      {
        gsl_vector_view d = gsl_matrix_row (g->dz2, n);
        gsl_vector_add (g->db2, &d.vector);
      }

    /* 4. dp1[n] = W2 dz2[n] */
    for (n = 0; n < N; n++)
      {
        gsl_vector_view d = gsl_matrix_row (g->dz2, n);
        gsl_vector_view out = gsl_matrix_row (&hidden.matrix, n);
        gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d.vector, 0.0,
                        &out.vector);
      }
    gsl_matrix_memcpy (g->dp1, &hidden.matrix);

    /* 5. dz1 = dp1 * [z1 > 0] */
    for (n = 0; n < N; n++)
      for (h = 0; h < H; h++)
        if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
          gsl_matrix_set (&hidden.matrix, n, h, 0.0);
    gsl_matrix_memcpy (g->dz1, &hidden.matrix);

    /* 6. dW1 = sum_n X[n]^T dz1[n] + 2 reg W1, in the same buffer as dW2 */
    gsl_matrix_set_zero (&wbuf_DH.matrix);
    for (n = 0; n < N; n++)
      {
        gsl_vector_const_view x = gsl_matrix_const_row (X, n);
        gsl_vector_view d = gsl_matrix_row (g->dz1, n);
        gsl_blas_dger (1.0, &x.vector, &d.vector, &wbuf_DH.matrix);
      }
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_matrix_scale (g->dW1, 2.0 * reg);
    gsl_matrix_add (g->dW1, &wbuf_DH.matrix);

    /* 7. db1 */
    gsl_vector_set_zero (g->db1);
    for (n = 0; n < N; n++)
      {
        gsl_vector_view d = gsl_matrix_row (g->dz1, n);
        gsl_vector_add (g->db1, &d.vector);
      }
  }

  g->present = BP_GRADS_ALL;
  rc = 0;

 fail:
  gsl_vector_free (pool);
  return rc;
}
