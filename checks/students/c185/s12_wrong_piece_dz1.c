/* backward.c
 *
 * Intermediate deltas are kept in one scratch block; once a delta is done
 * it is copied into g and the parameter gradients are taken from g.
 *
 *   scratch: [ delta_out N*C | delta_hid N*H | delta_pre N*H ]
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
sum_rows (const gsl_matrix *A, gsl_vector *s)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double t = 0.0;
      for (i = 0; i < A->size1; i++)
        t += gsl_matrix_get (A, i, j);
      gsl_vector_set (s, j, t);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h;
  double *scratch, *delta_out, *delta_hid, *delta_pre;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  scratch = calloc (N * C + 2 * N * H, sizeof (double));
  if (scratch == NULL)
    return 1;
  delta_out = scratch;
  delta_hid = delta_out + N * C;
  delta_pre = delta_hid + N * H;

  gsl_matrix_view vo = gsl_matrix_view_array (delta_out, N, C);
  gsl_matrix_view vh = gsl_matrix_view_array (delta_hid, N, H);
  gsl_matrix_view vp = gsl_matrix_view_array (delta_pre, N, H);

  /* output layer delta */
  gsl_matrix_memcpy (&vo.matrix, cache->prob);
  for (n = 0; n < N; n++)
    delta_out[n * C + y[n]] -= 1.0;
  gsl_matrix_scale (&vo.matrix, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, &vo.matrix);

  /* W2, b2 from g->dz2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  sum_rows (g->dz2, g->db2);

  /* hidden delta */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  &vh.matrix);
  gsl_matrix_memcpy (g->dp1, &vh.matrix);

  /* through the relu */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      delta_pre[n * H + h] = (gsl_matrix_get (cache->z1, n, h) > 0.0)
                             ? delta_hid[n * H + h] : 0.0;
  gsl_matrix_memcpy (g->dz1, &vh.matrix);

  /* W1, b1 from g->dz1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  sum_rows (g->dz1, g->db1);

  (void) vp;
  free (scratch);
  g->present = BP_GRADS_ALL;
  return 0;
}
