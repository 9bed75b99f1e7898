/* backward.c  -  assignment 3, backprop
 *
 * helpers first, then the seven gradients.
 */

#include "backprop.h"

#define GET(m, i, j)    gsl_matrix_get ((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set ((m), (i), (j), (v))

/* bias gradient: the average of dZ over the batch */
static void
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j, n = dZ->size1;
  for (j = 0; j < dZ->size2; j++)
    {
      double total = 0.0;
      for (i = 0; i < n; i++)
        total += GET (dZ, i, j);
      gsl_vector_set (db, j, total / n);
    }
}

/* dW = A^T dZ + 2 reg W */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  size_t i, j, k;
  for (i = 0; i < dW->size1; i++)
    for (j = 0; j < dW->size2; j++)
      {
        double total = 2.0 * reg * GET (W, i, j);
        for (k = 0; k < A->size1; k++)
          total += GET (A, k, i) * GET (dZ, k, j);
        SET (dW, i, j, total);
      }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      SET (g->dz2, i, k, (GET (cache->prob, i, k) - (k == y[i])) / N);

  /* dW2, db2 */
  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  bias_grad (g->dz2, g->db2);

  /* dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double total = 0.0;
        for (k = 0; k < net->C; k++)
          total += GET (g->dz2, i, k) * GET (net->W2, j, k);
        SET (g->dp1, i, j, total);
      }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      SET (g->dz1, i, j, GET (cache->z1, i, j) > 0 ? GET (g->dp1, i, j) : 0.0);

  /* dW1, db1 */
  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
