/* ============================================================
 *  HW4  backward pass                      Nadia F.
 *
 *  The L2 penalty is the same for both layers so it has its own
 *  function, add_l2_grad().
 * ============================================================ */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* derivative of reg * sum(W^2), added to dW */
static void
add_l2_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c, gsl_matrix_get (dW, r, c) + reg * gsl_matrix_get (W, r, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dZ2 = (A2 - Y) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      {
        double t = (j == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j) - t) / N);
      }

  /* dW2 = A1^T dZ2 (+ reg) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_l2_grad (g->dW2, net->W2, reg);

  /* db2 */
  for (j = 0; j < net->C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* dA1 = dZ2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dZ1 = dA1 where Z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dZ1 (+ reg) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_l2_grad (g->dW1, net->W1, reg);

  /* db1 */
  for (j = 0; j < net->H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
