/* STAT 4630 Statistical Learning -- Homework 6, part C
 * Backward pass of the 2-layer network, following lecture 11.
 *
 * Notation of the notes (slide 23):
 *   R      = P - Y                 (n x K residual matrix, NOT divided by n)
 *   G_W2   = (1/n) t(A1) R + 2 lambda W2
 *   g_b2   = mean of the columns of R
 *   Delta1 = (R t(W2)) * 1{Z1 > 0}  (also not divided by n)
 *   G_W1   = (1/n) t(X) Delta1 + 2 lambda W1
 *   g_b1   = mean of the columns of Delta1
 * The grader wants dz2 = R / n etc., so I divide when I store.
 * Loops are 1-based like in R, the -1 is done when indexing.
 */
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* colMeans() from R */
static void mean_cols (const gsl_matrix *A, gsl_vector *m)
{
  size_t i, j;
  size_t n = A->size1;
  for (j = 1; j <= A->size2; j++) {
    double s = 0.0;
    for (i = 1; i <= n; i++)
      s += gsl_matrix_get (A, i - 1, j - 1);
    gsl_vector_set (m, j - 1, s / n);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n_obs = X->size1, p = X->size2;
  size_t n_hidden = net->H, n_class = net->C;
  double lambda = reg;
  size_t i, j, k, l;
  double s;

  if (n_obs != cache->N || p != net->D || g->N != n_obs)
    return 1;

  gsl_matrix *R = gsl_matrix_alloc (n_obs, n_class);
  gsl_matrix *Delta1 = gsl_matrix_alloc (n_obs, n_hidden);

  /* R = P - Y, column by column */
  for (k = 1; k <= n_class; k++)
    for (i = 1; i <= n_obs; i++) {
      double yik = (y[i - 1] == k - 1) ? 1.0 : 0.0;
      gsl_matrix_set (R, i - 1, k - 1,
                      gsl_matrix_get (cache->prob, i - 1, k - 1) - yik);
    }

  /* dz2 = R / n */
  for (k = 1; k <= n_class; k++)
    for (i = 1; i <= n_obs; i++)
      gsl_matrix_set (g->dz2, i - 1, k - 1,
                      gsl_matrix_get (R, i - 1, k - 1) / n_obs);

  /* G_W2 = (1/n) t(A1) R + 2 lambda W2 */
  for (k = 1; k <= n_class; k++)
    for (j = 1; j <= n_hidden; j++) {
      s = 0.0;
      for (i = 1; i <= n_obs; i++)
        s += gsl_matrix_get (cache->p1, i - 1, j - 1) * gsl_matrix_get (R, i - 1, k - 1);
      gsl_matrix_set (g->dW2, j - 1, k - 1,
                      s / n_obs + 2.0 * lambda * gsl_matrix_get (net->W2, j - 1, k - 1));
    }

  /* g_b2 = colMeans(R) */
  mean_cols (R, g->db2);

  /* dp1 = dz2 t(W2);  Delta1 = (R t(W2)) * 1{Z1 > 0} */
  for (j = 1; j <= n_hidden; j++)
    for (i = 1; i <= n_obs; i++) {
      s = 0.0;
      for (l = 1; l <= n_class; l++)
        s += gsl_matrix_get (R, i - 1, l - 1) * gsl_matrix_get (net->W2, j - 1, l - 1);
      gsl_matrix_set (g->dp1, i - 1, j - 1, s / n_obs);
      if (gsl_matrix_get (cache->z1, i - 1, j - 1) > 0)
        gsl_matrix_set (Delta1, i - 1, j - 1, s);
      else
        gsl_matrix_set (Delta1, i - 1, j - 1, 0.0);
    }

  /* dz1 = Delta1 / n */
  for (j = 1; j <= n_hidden; j++)
    for (i = 1; i <= n_obs; i++)
      gsl_matrix_set (g->dz1, i - 1, j - 1,
                      gsl_matrix_get (Delta1, i - 1, j - 1) / n_obs);

  /* G_W1 = (1/n) t(X) Delta1 + 2 lambda W1 */
  for (j = 1; j <= n_hidden; j++)
    for (l = 1; l <= p; l++) {
      s = 0.0;
      for (i = 1; i <= n_obs; i++)
        s += gsl_matrix_get (X, i - 1, l - 1) * gsl_matrix_get (Delta1, i - 1, j - 1);
      gsl_matrix_set (g->dW1, l - 1, j - 1,
                      s / n_obs + 2.0 * lambda * gsl_matrix_get (net->W1, l - 1, j - 1));
    }

  /* g_b1 = colMeans(Delta1) */
  mean_cols (Delta1, g->db1);

  gsl_matrix_free (R);
  gsl_matrix_free (Delta1);

  g->present = BP_GRADS_ALL;
  return 0;
}
