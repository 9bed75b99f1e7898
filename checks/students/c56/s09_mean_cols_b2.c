/* ============================================================
 * Statistical Learning  --  Homework 6, exercise 3 (C version)
 * backward pass of the network of lecture 11
 * ============================================================ */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* colMeans(A) into m */
static void
mean_cols (const gsl_matrix *A, gsl_vector *m)
{
  size_t i, j;
  for (j = 1; j <= A->size2; j++)
    {
      double s = 0;
      for (i = 1; i <= A->size1; i++)
        s += gsl_matrix_get (A, i - 1, j - 1);
      gsl_vector_set (m, j - 1, s / A->size1);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n_obs = X->size1, n_feat = X->size2;
  size_t n_hid = net->H, n_class = net->C;
  double lambda = reg;
  size_t i, j, k;

  if (n_obs != cache->N || n_feat != net->D || g->N != n_obs)
    return 1;

  gsl_matrix *Delta2 = g->dz2;
  gsl_matrix *Delta1 = g->dz1;

  /* Delta2 = (P - Y)/n */
  for (k = 1; k <= n_class; k++)
    for (i = 1; i <= n_obs; i++)
      {
        double p = gsl_matrix_get (cache->prob, i - 1, k - 1);
        if (y[i - 1] == k - 1)
          p = p - 1;
        gsl_matrix_set (Delta2, i - 1, k - 1, p / n_obs);
      }

  /* grad_W2 = t(A1) Delta2 + 2 lambda W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, Delta2, 2 * lambda, g->dW2);

  /* grad_b2 = colMeans(Delta2) */
  mean_cols (Delta2, g->db2);

  /* grad_A1 = Delta2 t(W2) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, Delta2, net->W2, 0.0, g->dp1);

  /* Delta1 = grad_A1 * (Z1 > 0), and grad_b1 = colSums(Delta1) in the same loop */
  for (j = 1; j <= n_hid; j++)
    {
      double colsum = 0;
      for (i = 1; i <= n_obs; i++)
        {
          double d = 0;
          if (gsl_matrix_get (cache->z1, i - 1, j - 1) > 0)
            d = gsl_matrix_get (g->dp1, i - 1, j - 1);
          gsl_matrix_set (Delta1, i - 1, j - 1, d);
          colsum += d;
        }
      gsl_vector_set (g->db1, j - 1, colsum);
    }

  /* grad_W1 = t(X) Delta1 + 2 lambda W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, Delta1, 2 * lambda, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
