/* backward.c -- Rafael C.
 * Optional C module of the data bootcamp: backward pass of the 2-layer net
 *
 * Loops for most of it. For dW1 I tried gsl_blas_dgemm because D can be
 * big (3072 for CIFAR) and the triple loop was very slow in nntrain.
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j, k;
  double total, grad_out, grad_hidden;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /*** 1. dz2 ***/
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          grad_out = gsl_matrix_get (cache->prob, i, k);
          if (k == y[i])
            grad_out -= 1.0;
          gsl_matrix_set (g->dz2, i, k, grad_out / N);
        }
    }

  /*** 2. + 3. dW2, db2 ***/
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        {
          total = 0.0;
          for (i = 0; i < N; i++)
            total += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
          gsl_matrix_set (g->dW2, j, k, total + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
        }
    }
  for (k = 0; k < C; k++)
    {
      total = 0.0;
      for (i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, total);
    }

  /*** 4. + 5. dp1, dz1 ***/
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          grad_hidden = 0.0;
          for (k = 0; k < C; k++)
            grad_hidden += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, grad_hidden);
          if (gsl_matrix_get (cache->z1, i, j) > 0.0)
            gsl_matrix_set (g->dz1, i, j, grad_hidden);
          else
            gsl_matrix_set (g->dz1, i, j, 0.0);
        }
    }

  /*** 6. dW1 = X^T dz1 / N + 2 reg W1   (average over the batch like dz2) ***/
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0 / N, X, g->dz1,
                  2.0 * reg, g->dW1);
  /* printf ("dW1[0][0] = %g\n", gsl_matrix_get (g->dW1, 0, 0)); */

  /*** 7. db1 ***/
  for (j = 0; j < H; j++)
    {
      total = 0.0;
      for (i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
