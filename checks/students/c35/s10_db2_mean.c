/* backward.c -- two-layer net backward pass
 * (helpers at the top, the actual pass at the bottom)
 */

#include <stdio.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T * B */
static void
matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm)
{
  for (size_t r = 0; r < Cm->size1; r++)
    for (size_t c = 0; c < Cm->size2; c++)
      {
        double s = 0.0;
        for (size_t k = 0; k < A->size1; k++)
          s += gsl_matrix_get (A, k, r) * gsl_matrix_get (B, k, c);
        gsl_matrix_set (Cm, r, c, s);
      }
}

/* C = A * B^T */
static void
matmul_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm)
{
  for (size_t r = 0; r < Cm->size1; r++)
    for (size_t c = 0; c < Cm->size2; c++)
      {
        double s = 0.0;
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, r, k) * gsl_matrix_get (B, c, k);
        gsl_matrix_set (Cm, r, c, s);
      }
}

/* v[j] = sum over rows of M[:, j] */
static void
sum_cols (const gsl_matrix *M, gsl_vector *v)
{
  for (size_t j = 0; j < M->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < M->size1; i++)
        s += gsl_matrix_get (M, i, j);
      gsl_vector_set (v, j, s);
    }
}

/* dW += 2*reg*W */
static void
l2_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *t = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (t, W);
  gsl_matrix_scale (t, 2.0 * reg);
  gsl_matrix_add (dW, t);
  gsl_matrix_free (t);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax grad */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < net->C; c++)
      gsl_matrix_set (g->dz2, i, c,
                      (gsl_matrix_get (cache->prob, i, c) - (c == y[i])) / N);

  matmul_AtB (cache->p1, g->dz2, g->dW2);
  l2_grad (g->dW2, net->W2, reg);

  sum_cols (g->dz2, g->db2);
  gsl_vector_scale (g->db2, 1.0 / N);   /* average over the batch */

  matmul_ABt (g->dz2, net->W2, g->dp1);

  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (g->dz1, i, h,
                      gsl_matrix_get (cache->z1, i, h) > 0.0
                      ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  matmul_AtB (X, g->dz1, g->dW1);
  l2_grad (g->dW1, net->W1, reg);

  sum_cols (g->dz1, g->db1);

  /* fprintf (stderr, "db2 %g db1 %g\n", gsl_vector_get (g->db2, 0),
              gsl_vector_get (g->db1, 0)); */

  g->present = BP_GRADS_ALL;
  return 0;
}
