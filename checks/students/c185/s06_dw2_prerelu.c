/* backward.c
 * Gradients of the 2-layer net.  I use one work array for everything and
 * put gsl views on the pieces so that I can call dgemm on them:
 *
 *   work = | dscores N*C | dhidden N*H | dhpre N*H | gW2 H*C | gW1 D*H |
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
  size_t o_dh = N * C, o_dpre = o_dh + N * H, o_w2 = o_dpre + N * H,
         o_w1 = o_w2 + H * C, total = o_w1 + D * H;
  double *work;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  work = calloc (total, sizeof *work);
  if (work == NULL)
    return 1;

  gsl_matrix_view ds = gsl_matrix_view_array (work, N, C);
  gsl_matrix_view dh = gsl_matrix_view_array (work + o_dh, N, H);
  gsl_matrix_view dpre = gsl_matrix_view_array (work + o_dpre, N, H);
  gsl_matrix_view gw2 = gsl_matrix_view_array (work + o_w2, H, C);
  gsl_matrix_view gw1 = gsl_matrix_view_array (work + o_w1, D, H);

  /* scores gradient */
  gsl_matrix_memcpy (&ds.matrix, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (&ds.matrix, i, y[i], gsl_matrix_get (&ds.matrix, i, y[i]) - 1);
  gsl_matrix_scale (&ds.matrix, 1.0 / (double) N);

  /* second layer: hidden^T * dscores + reg part */
  gsl_matrix_memcpy (&gw2.matrix, net->W2);
  gsl_matrix_scale (&gw2.matrix, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, &ds.matrix, 1.0,
                  &gw2.matrix);
  for (j = 0; j < C; j++)
    {
      gsl_vector_view col = gsl_matrix_column (&ds.matrix, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&col.vector));
    }

  /* back to the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &ds.matrix, net->W2, 0.0,
                  &dh.matrix);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      work[o_dpre + i * H + j] = gsl_matrix_get (cache->z1, i, j) > 0
        ? work[o_dh + i * H + j] : 0.0;

  /* first layer */
  gsl_matrix_memcpy (&gw1.matrix, net->W1);
  gsl_matrix_scale (&gw1.matrix, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &dpre.matrix, 1.0,
                  &gw1.matrix);
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (&dpre.matrix, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&col.vector));
    }

  gsl_matrix_memcpy (g->dz2, &ds.matrix);
  gsl_matrix_memcpy (g->dW2, &gw2.matrix);
  gsl_matrix_memcpy (g->dp1, &dh.matrix);
  gsl_matrix_memcpy (g->dz1, &dpre.matrix);
  gsl_matrix_memcpy (g->dW1, &gw1.matrix);

  free (work);
  g->present = BP_GRADS_ALL;
  return 0;
}
