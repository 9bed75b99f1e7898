/* HW 6, Statistical Learning -- backward()
 *
 * Written from my R version (hw5.R) line by line:
 *
 *   Delta2  <- (P - Y) / n
 *   grad.W2 <- t(A1) %*% Delta2 + 2 * lambda * W2
 *   grad.b2 <- colSums(Delta2)
 *   dA1     <- Delta2 %*% t(W2)
 *   Delta1  <- dA1 * (Z1 > 0)
 *   grad.W1 <- t(X) %*% Delta1 + 2 * lambda * W1
 *   grad.b1 <- colSums(Delta1)
 *
 * R indices start at 1 so I kept them and subtract 1 inside.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int n = (int) X->size1, p = (int) X->size2;
  int H = (int) net->H, K = (int) net->C;
  double lambda = reg;
  int i, j, k, l;

  if ((size_t) n != cache->N || (size_t) p != net->D || g->N != (size_t) n)
    return 1;

  gsl_matrix *Delta2 = g->dz2, *dA1 = g->dp1, *Delta1 = g->dz1;
  gsl_matrix *grad_W2 = g->dW2, *grad_W1 = g->dW1;
  gsl_vector *grad_b2 = g->db2, *grad_b1 = g->db1;

  /* Delta2 <- (P - Y) / n */
  for (k = 1; k <= K; k++)
    for (i = 1; i <= n; i++)
      gsl_matrix_set (Delta2, i-1, k-1,
                      (gsl_matrix_get (cache->prob, i-1, k-1)
                       - ((int) y[i-1] == k-1 ? 1.0 : 0.0)) / n);

  /* grad.W2 <- t(A1) %*% Delta2 + 2 * lambda * W2 */
  for (k = 1; k <= K; k++)
    for (j = 1; j <= H; j++) {
      double s = 0;
      for (i = 1; i <= n; i++)
        s = s + gsl_matrix_get (cache->p1, i-1, j-1) * gsl_matrix_get (Delta2, i-1, k-1);
      gsl_matrix_set (grad_W2, j-1, k-1, s + 2 * lambda * gsl_matrix_get (net->W2, j-1, k-1));
    }

  /* grad.b2 <- colSums(Delta2) */
  for (k = 1; k <= K; k++) {
    double s = 0;
    for (i = 1; i <= n; i++)
      s = s + gsl_matrix_get (Delta2, i-1, k-1);
    gsl_vector_set (grad_b2, k-1, s);
  }

  /* dA1 <- Delta2 %*% t(W2) */
  for (j = 1; j <= H; j++)
    for (i = 1; i <= n; i++) {
      double s = 0;
      for (k = 1; k <= K; k++)
        s = s + gsl_matrix_get (Delta2, i-1, k-1) * gsl_matrix_get (net->W2, j-1, k-1);
      gsl_matrix_set (dA1, i-1, j-1, s);
    }

  /* Delta1 <- dA1 * (Z1 > 0) */
  for (j = 1; j <= H; j++)
    for (i = 1; i <= n; i++)
      gsl_matrix_set (Delta1, i-1, j-1,
                      gsl_matrix_get (dA1, i-1, j-1) * (gsl_matrix_get (cache->z1, i-1, j-1) > 0));

  /* grad.W1 <- t(X) %*% Delta1 + 2 * lambda * W1 */
  for (j = 1; j <= H; j++)
    for (l = 1; l <= p; l++) {
      double s = 0;
      for (i = 1; i <= n - 1; i++)
        s = s + gsl_matrix_get (X, i-1, l-1) * gsl_matrix_get (Delta1, i-1, j-1);
      gsl_matrix_set (grad_W1, l-1, j-1, s + 2 * lambda * gsl_matrix_get (net->W1, l-1, j-1));
    }

  /* grad.b1 <- colSums(Delta1) */
  for (j = 1; j <= H; j++) {
    double s = 0;
    for (i = 1; i <= n; i++)
      s = s + gsl_matrix_get (Delta1, i-1, j-1);
    gsl_vector_set (grad_b1, j-1, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
