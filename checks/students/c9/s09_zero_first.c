/***********************************************************************
 *  backward.c                                                         *
 *  Two-layer network: backward pass                                   *
 *  Course: Introduction to Machine Learning, exercise sheet 6         *
 *  Author: Lucia Ferraro                                              *
 ***********************************************************************/

#include "backprop.h"

/* shortcuts for reading/writing the row-major storage */
#define DZ2(n, c)  (g->dz2->data[(n) * g->dz2->tda + (c)])
#define DP1(n, h)  (g->dp1->data[(n) * g->dp1->tda + (h)])
#define DZ1(n, h)  (g->dz1->data[(n) * g->dz1->tda + (h)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/*
 * zero_all_gradients: set every gradient to 0 before we start.
 * (gradcheck says g may contain garbage when we are called.)
 */
static void
zero_all_gradients (bp_grads *g)
{
  gsl_matrix_set_zero (g->dz2);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dp1);
  gsl_matrix_set_zero (g->dz1);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N;                     /* number of samples */
  size_t D, H, C;               /* layer sizes */
  size_t n, d, h, c;            /* loop counters */
  double acc;                   /* accumulator for sums */
  double value;                 /* temporary */

  N = X->size1;
  D = net->D;
  H = net->H;
  C = net->C;

  /* sanity check of the shapes */
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  zero_all_gradients (g);

  /*
   * Step 1: dz2 = (prob - onehot(y)) / N
   */
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        {
          value = gsl_matrix_get (cache->prob, n, c);
          if (c == y[n])
            value = value - 1.0;
          DZ2 (n, c) = value / (double) N;
        }
    }

  /*
   * Step 2: dW2 = p1^T dz2 + 2 * reg * W2
   */
  for (h = 0; h < H; h++)
    {
      for (c = 0; c < C; c++)
        {
          acc = 0.0;
          for (n = 0; n < N; n++)
            acc += gsl_matrix_get (cache->p1, n, h) * DZ2 (n, c);
          acc += 2.0 * reg * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dW2, h, c, acc);
        }
    }

  /*
   * Step 3: db2 = sum over the samples of dz2
   */
  for (c = 0; c < C; c++)
    {
      acc = 0.0;
      for (n = 1; n < N; n++)
        acc += DZ2 (n, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /*
   * Step 4: dp1 = dz2 * W2^T
   */
  for (n = 0; n < N; n++)
    {
      for (h = 0; h < H; h++)
        {
          acc = 0.0;
          for (c = 0; c < C; c++)
            acc += DZ2 (n, c) * gsl_matrix_get (net->W2, h, c);
          DP1 (n, h) = acc;
        }
    }

  /*
   * Step 5: dz1 = dp1, but only where z1 > 0 (ReLU)
   */
  for (n = 0; n < N; n++)
    {
      for (h = 0; h < H; h++)
        {
          if (gsl_matrix_get (cache->z1, n, h) > 0.0)
            DZ1 (n, h) = DP1 (n, h);
          else
            DZ1 (n, h) = 0.0;
        }
    }

  /*
   * Step 6: dW1 = X^T dz1 + 2 * reg * W1
   */
  for (d = 0; d < D; d++)
    {
      for (h = 0; h < H; h++)
        {
          acc = 0.0;
          for (n = 0; n < N; n++)
            acc += gsl_matrix_get (X, n, d) * DZ1 (n, h);
          acc += 2.0 * reg * gsl_matrix_get (net->W1, d, h);
          gsl_matrix_set (g->dW1, d, h, acc);
        }
    }

  /*
   * Step 7: db1 = sum over the samples of dz1
   */
  for (h = 0; h < H; h++)
    {
      acc = 0.0;
      for (n = 0; n < N; n++)
        acc += DZ1 (n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
