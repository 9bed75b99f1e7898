/* Report 3 -- backward.c
 * Takahashi Mio  2251029
 *
 * The two weight gradients have the same form (A' G + 2 reg W), so I wrote
 * one helper for both, and one for the bias gradients (column sums).
 * The hidden gosa is computed in a temporary matrix first and then copied.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* dW = A' G + 2 reg W.   A (N, K), G (N, M), W and dW (K, M) */
static void
omomi_gosa (const gsl_matrix *A, const gsl_matrix *G, const gsl_matrix *W,
            double reg, gsl_matrix *dW)
{
  size_t a, m, n;

  for (a = 0; a < A->size2; a++)
    for (m = 0; m < G->size2; m++)
      {
        double total = 0.0;
        for (n = 0; n < A->size1; n++)
          total += gsl_matrix_get (A, n, a) * gsl_matrix_get (G, n, m);
        gsl_matrix_set (dW, a, m, total + 2.0 * reg * gsl_matrix_get (W, a, m));
      }
}

/* db = column sums of G.   G (N, M), db (M) */
static void
bias_gosa (const gsl_matrix *G, gsl_vector *db)
{
  size_t m, n;

  for (m = 0; m < G->size2; m++)
    {
      double total = 0.0;
      for (n = 0; n < G->size1; n++)
        total += gsl_matrix_get (G, n, m);
      gsl_vector_set (db, m, total);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *kakure_gosa;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* output gosa: dz2 = prob, minus 1 at the label, divided by N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  omomi_gosa (cache->p1, g->dz2, net->W2, reg, g->dW2);
  bias_gosa (g->dz2, g->db2);

  /* hidden gosa (N, H) = dz2 W2' in a temporary */
  kakure_gosa = gsl_matrix_alloc (N, net->H);
  if (kakure_gosa == NULL)
    return 1;
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, kakure_gosa);
  gsl_matrix_memcpy (g->dp1, kakure_gosa);

  /* ReLU: zero the entries of the temporary where z1 <= 0, in place */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (!(gsl_matrix_get (cache->z1, i, j) > 0.0))
        gsl_matrix_set (kakure_gosa, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, kakure_gosa);
  gsl_matrix_free (kakure_gosa);

  omomi_gosa (X, g->dz1, net->W1, reg, g->dW1);
  bias_gosa (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
