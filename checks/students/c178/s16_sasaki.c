/* backward.c  (Report 3)
 * Sasaki Hina  2251043
 *
 * Helper functions:
 *   retsu_heikin  -- bias gradient from the gradient of the layer output
 *   omomi_gosa    -- weight gradient A' G + 2 reg W
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* db (M) from G (N, M): the bias is added to every sample, so its gradient
 * is the heikin of G over the samples */
static void
retsu_heikin (const gsl_matrix *G, gsl_vector *db)
{
  size_t i, j;
  for (j = 0; j < G->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < G->size1; i++)
        s += gsl_matrix_get (G, i, j);
      gsl_vector_set (db, j, s / G->size1);
    }
}

/* dW (K, M) = A' G + 2 reg W, with A (N, K), G (N, M) */
static void
omomi_gosa (const gsl_matrix *A, const gsl_matrix *G, const gsl_matrix *W,
            double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, G, 2.0 * reg, dW);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double d = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          d -= 1.0;
        gsl_matrix_set (g->dz2, i, k, d / (double) N);
      }

  omomi_gosa (cache->p1, g->dz2, net->W2, reg, g->dW2);
  retsu_heikin (g->dz2, g->db2);

  /* dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double d = 0.0;
        for (k = 0; k < C; k++)
          d += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, d);
      }

  /* dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  omomi_gosa (X, g->dz1, net->W1, reg, g->dW1);
  retsu_heikin (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
