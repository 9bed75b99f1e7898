/* backward.c -- hand-written backprop, two-layer net.
 *
 * One static block, cut into three matrices with views:
 *     [ dS : N x C | dH : N x H | dR : N x H ]
 * dS = grad of the scores, dH = grad of the hidden output (dp1),
 * dR = grad of the hidden input (dz1).  The block is only malloc'ed again
 * when it has to be bigger.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double *block = NULL;
static size_t block_len = 0;

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t need = N * (C + 2 * H), i, j;
  gsl_matrix_view dS, dH, dR;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  if (need > block_len)
    {
      free (block);
      block = malloc (need * sizeof (double));
      if (block == NULL)
        {
          block_len = 0;
          return 1;
        }
      block_len = need;
    }
  dS = gsl_matrix_view_array (block, N, C);
  dH = gsl_matrix_view_array (block + N * C, N, H);
  dR = gsl_matrix_view_array (block + N * C + N * H, N, H);

  /* scores */
  gsl_matrix_memcpy (&dS.matrix, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (&dS.matrix, i, y[i]) -= 1.0;
  gsl_matrix_scale (&dS.matrix, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, &dS.matrix);

  /* second layer */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, &dS.matrix,
                  2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      *gsl_vector_ptr (g->db2, j) += gsl_matrix_get (&dS.matrix, i, j);

  /* back through W2 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dS.matrix, net->W2, 0.0,
                  &dH.matrix);
  gsl_matrix_memcpy (g->dp1, &dH.matrix);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (&dR.matrix, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (&dH.matrix, i, j) : 0.0);
  gsl_matrix_memcpy (g->dz1, &dR.matrix);

  /* first layer */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &dR.matrix, 2.0 * reg,
                  g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (&dH.matrix, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
