/* Lab 3 -- backward pass, two samples per step.
 *
 * chunk_step() does everything for rows [r0, r0+m) and adds that block's
 * share to dW1, db1, dW2, db2.  backward() clears the sums, walks the
 * batch, and puts the weight decay in at the end. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void
chunk_step (const bp_net *net, const gsl_matrix *X, const size_t *y,
            const bp_cache *cache, bp_grads *g, size_t r0, size_t m)
{
  size_t N = X->size1, H = net->H, C = net->C, D = net->D;
  size_t a, b;

  gsl_matrix_const_view xs = gsl_matrix_const_submatrix (X, r0, 0, m, D);
  gsl_matrix_const_view ps = gsl_matrix_const_submatrix (cache->prob, r0, 0, m, C);
  gsl_matrix_const_view hs = gsl_matrix_const_submatrix (cache->p1, r0, 0, m, H);
  gsl_matrix_const_view zs = gsl_matrix_const_submatrix (cache->z1, r0, 0, m, H);
  gsl_matrix_view dscores = gsl_matrix_submatrix (g->dz2, r0, 0, m, C);
  gsl_matrix_view dhidden = gsl_matrix_submatrix (g->dp1, r0, 0, m, H);
  gsl_matrix_view dpre = gsl_matrix_submatrix (g->dz1, r0, 0, m, H);

  for (a = 0; a < m; a++)
    for (b = 0; b < C; b++)
      {
        double t = gsl_matrix_get (&ps.matrix, a, b);
        if (b == y[r0 + a])
          t -= 1.0;
        gsl_matrix_set (&dscores.matrix, a, b, t / N);
      }

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &hs.matrix,
                  &dscores.matrix, 1.0, g->dW2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dscores.matrix, net->W2,
                  0.0, &dhidden.matrix);

  for (a = 0; a < m; a++)
    for (b = 0; b < H; b++)
      gsl_matrix_set (&dpre.matrix, a, b,
                      gsl_matrix_get (&zs.matrix, a, b) > 0
                      ? gsl_matrix_get (&dhidden.matrix, a, b) : 0.0);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &xs.matrix, &dpre.matrix,
                  1.0, g->dW1);

  for (a = 0; a < m; a++)
    {
      for (b = 0; b < C; b++)
        *gsl_vector_ptr (g->db2, b) += gsl_matrix_get (&dscores.matrix, a, b);
      for (b = 0; b < H; b++)
        *gsl_vector_ptr (g->db1, b) += gsl_matrix_get (&dpre.matrix, a, b);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, r0;
  gsl_matrix *tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (r0 = 0; r0 < N; r0 += 2)
    chunk_step (net, X, y, cache, g, r0, N - r0 >= 2 ? 2 : 1);

  /* + 2 reg W, via a scaled copy */
  tmp = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (tmp, net->W2);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);

  tmp = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (tmp, net->W1);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (g->dW1, tmp);
  gsl_matrix_free (tmp);

  g->present = BP_GRADS_ALL;
  return 0;
}
