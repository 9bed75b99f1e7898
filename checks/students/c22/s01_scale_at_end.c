/* backward.c -- HW3 part 2, backward pass of the two layer net
 * Name: Priya Raman
 *
 * I did everything without the 1/N first (like the derivation on the
 * whiteboard, per sample) and then divide all the data terms by N at the
 * very end.  The reg terms are added after the division because they are
 * not part of the mean.
 */

#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* multiply every entry of a matrix by s (like A *= s in numpy) */
static void
scale_all (gsl_matrix *A, double s)
{
  gsl_matrix_scale (A, s);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 without the 1/N for now: prob - onehot */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double v = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], v - 1.0);
    }

  /* 2. dW2 = p1^T dz2 (reg later) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  0.0, g->dW2);

  /* 3. db2 = sum over the samples */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* 4. dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);

  /* 5. dz1: relu lets the gradient through only where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j,
                        z > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* 6. dW1 = X^T dz1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  /* 7. db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &row.vector);
    }

  /* now the mean: every data term gets 1/N (it is linear all the way) */
  scale_all (g->dz2, 1.0 / N);
  scale_all (g->dW2, 1.0 / N);
  gsl_vector_scale (g->db2, 1.0 / N);
  scale_all (g->dp1, 1.0 / N);
  scale_all (g->dz1, 1.0 / N);
  scale_all (g->dW1, 1.0 / N);
  gsl_vector_scale (g->db1, 1.0 / N);

  /* reg: d/dW of reg*|W|^2 = 2 reg W */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      g->dW2->data[i * g->dW2->tda + j] += 2.0 * reg
        * net->W2->data[i * net->W2->tda + j];
  for (i = 0; i < net->D; i++)
    for (j = 0; j < H; j++)
      g->dW1->data[i * g->dW1->tda + j] += 2.0 * reg
        * net->W1->data[i * net->W1->tda + j];

  g->present = BP_GRADS_ALL;
  return 0;
}
