/* backward.c -- two layer net, backward pass.
   Assignment 2, neural networks unit.

   Follows the lecture slides (week 7, "backprop in matrix form"):
     dZ2 = (P - Y) / N
     dW2 = A1^T dZ2 + 2 lambda W2,  db2 = 1^T dZ2
     dA1 = dZ2 W2^T,  dZ1 = dA1 .* relu'(Z1)
     dW1 = X^T dZ1 + 2 lambda W1,   db1 = 1^T dZ1  */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dZ2 = (P - Y) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double yij = (y[i] == j) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, j,
                        (gsl_matrix_get (cache->prob, i, j) - yij) / N);
      }

  /* dW2 = A1^T dZ2 + 2 lambda W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* dA1 = dZ2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dZ1 = dA1 .* relu'(Z1), relu' = 1 if Z1 > 0 else 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double deriv = gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, deriv * gsl_matrix_get (g->dp1, i, j));
      }

  /* dW1 = X^T dZ1 + 2 lambda W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
