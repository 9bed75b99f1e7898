/* backward.c -- lab 3, backward pass of the two-layer net.
 *
 * One sweep over the batch.  Each sample's row of dz2 is made and used
 * straight away while it is still in L1: db2, the rank-one update of dW2,
 * the dp1 row, the dz1 row, db1 and the rank-one update of dW1.  The
 * parameter gradients are zeroed first and get their reg term at the end.
 * Row pointers from gsl_matrix_ptr, no gsl_matrix_get in the loops. */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double inv_n = 1.0 / (double) N;
  const double two_reg = 2.0 * reg;
  double *restrict db1 = g->db1->data;
  double *restrict db2 = g->db2->data;
  size_t i, d, h, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (d = 0; d < D; d++)
    memset (gsl_matrix_ptr (g->dW1, d, 0), 0, H * sizeof (double));
  for (h = 0; h < H; h++)
    memset (gsl_matrix_ptr (g->dW2, h, 0), 0, C * sizeof (double));
  memset (db1, 0, H * sizeof (double));
  memset (db2, 0, C * sizeof (double));

  for (i = 0; i < N; i++)
    {
      const double *restrict pr = gsl_matrix_const_ptr (cache->prob, i, 0);
      const double *restrict a1 = gsl_matrix_const_ptr (cache->p1, i, 0);
      const double *restrict zr = gsl_matrix_const_ptr (cache->z1, i, 0);
      const double *restrict xr = gsl_matrix_const_ptr (X, i, 0);
      double *restrict dz2 = gsl_matrix_ptr (g->dz2, i, 0);
      double *restrict dp1 = gsl_matrix_ptr (g->dp1, i, 0);
      double *restrict dz1 = gsl_matrix_ptr (g->dz1, i, 0);

      /* dz2 row and db2 together */
      for (k = 0; k < C; k++)
        {
          double v = pr[k] * inv_n;
          if (k == y[i])
            v -= inv_n;
          dz2[k] = v;
          db2[k] += v;
        }

      /* dW2 += a1' dz2, dp1 row = dz2 W2', dz1 row and db1 */
      for (h = 0; h < H; h++)
        {
          double *restrict dw = gsl_matrix_ptr (g->dW2, h, 0);
          const double *restrict w = gsl_matrix_const_ptr (net->W2, h, 0);
          const double ah = a1[h];
          double s = 0.0;
          for (k = 0; k < C; k++)
            {
              dw[k] += ah * dz2[k];
              s += dz2[k] * w[k];
            }
          dp1[h] = s;
          dz1[h] = zr[h] > 0.0 ? s : 0.0;
          db1[h] += dz1[h];
        }

      /* dW1 += x' dz1 */
      for (d = 0; d < D; d++)
        {
          double *restrict dw = gsl_matrix_ptr (g->dW1, d, 0);
          const double xd = xr[d];
          for (h = 0; h < H; h++)
            dw[h] += xd * dz1[h];
        }
    }

  /* the penalty, once */
  for (h = 0; h < H; h++)
    {
      double *restrict dw = gsl_matrix_ptr (g->dW2, h, 0);
      const double *restrict w = gsl_matrix_const_ptr (net->W2, h, 0);
      for (k = 0; k < C; k++)
        dw[k] += two_reg * w[k];
    }
  for (d = 0; d < D; d++)
    {
      double *restrict dw = gsl_matrix_ptr (g->dW1, d, 0);
      const double *restrict w = gsl_matrix_const_ptr (net->W1, d, 0);
      for (h = 0; h < H; h++)
        dw[h] += two_reg * w[h];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
