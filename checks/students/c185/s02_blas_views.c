/* Backward pass, two-layer net.  Problem set 4.
 *
 * One workspace block; every piece gets a gsl_matrix_view on top of it so
 * I can use dgemm.  Layout of ws (sizes in doubles):
 *
 *   [ dS : N*C ][ dH : N*H ][ dZ : N*H ][ dw2 : H*C ][ dw1 : D*H ]
 *
 * biases go straight into g.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
column_sums (const gsl_matrix *A, gsl_vector *out)
{
  size_t r;
  gsl_vector_set_zero (out);
  for (r = 0; r < A->size1; r++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, r);
      gsl_vector_add (out, &row.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *ws;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  ws = calloc (N * C + 2 * N * H + H * C + D * H, sizeof (double));
  if (!ws)
    return 1;

  gsl_matrix_view dS  = gsl_matrix_view_array (ws, N, C);
  gsl_matrix_view dH  = gsl_matrix_view_array (ws + N * C, N, H);
  gsl_matrix_view dZ  = gsl_matrix_view_array (ws + N * C + N * H, N, H);
  gsl_matrix_view dw2 = gsl_matrix_view_array (ws + N * C + 2 * N * H, H, C);
  gsl_matrix_view dw1 = gsl_matrix_view_array (ws + N * C + 2 * N * H + H * C,
                                               D, H);

  /* dS = (softmax - 1[y]) / N */
  gsl_matrix_memcpy (&dS.matrix, cache->prob);
  for (i = 0; i < N; i++)
    ws[i * C + y[i]] -= 1.0;
  gsl_matrix_scale (&dS.matrix, 1.0 / N);

  /* dw2 = p1' dS + 2 reg W2 */
  gsl_matrix_memcpy (&dw2.matrix, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, &dS.matrix,
                  2.0 * reg, &dw2.matrix);
  column_sums (&dS.matrix, g->db2);

  /* dH = dS W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dS.matrix, net->W2,
                  0.0, &dH.matrix);

  /* relu: only where z1 was positive */
  gsl_matrix_memcpy (&dZ.matrix, &dH.matrix);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (&dZ.matrix, i, j, 0.0);

  /* dw1 = X' dZ + 2 reg W1 */
  gsl_matrix_memcpy (&dw1.matrix, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &dZ.matrix,
                  2.0 * reg, &dw1.matrix);
  column_sums (&dZ.matrix, g->db1);

  gsl_matrix_memcpy (g->dz2, &dS.matrix);
  gsl_matrix_memcpy (g->dW2, &dw2.matrix);
  gsl_matrix_memcpy (g->dp1, &dH.matrix);
  gsl_matrix_memcpy (g->dz1, &dZ.matrix);
  gsl_matrix_memcpy (g->dW1, &dw1.matrix);

  free (ws);
  g->present = BP_GRADS_ALL;
  return 0;
}
