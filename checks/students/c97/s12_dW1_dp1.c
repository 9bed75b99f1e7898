/* backward.c -- my backward pass
 *
 * helper tmul: out = A^T B with plain loops (tested it against numpy on
 * a 2x3 example, printed below under DEBUG)
 */

#include <stdio.h>
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out (K x M) = A^T (K x N) * B (N x M) */
static void
tmul (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t n, k, m;
  double acc;

  for (k = 0; k < A->size2; k++)
    for (m = 0; m < B->size2; m++)
      {
        acc = 0.0;
        for (n = 0; n < A->size1; n++)
          acc += gsl_matrix_get (A, n, k) * gsl_matrix_get (B, n, m);
        gsl_matrix_set (out, k, m, acc);
      }
#ifdef DEBUG
  fprintf (stderr, "tmul: (%zux%zu)^T (%zux%zu) -> out[0][0] = %g\n",
           A->size1, A->size2, B->size1, B->size2, gsl_matrix_get (out, 0, 0));
#endif
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  double val;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        val = gsl_matrix_get (cache->prob, i, k);
        if (y[i] == k)
          val = val - 1.0;
        gsl_matrix_set (g->dz2, i, k, val / (double) N);
      }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  tmul (cache->p1, g->dz2, g->dW2);
  gsl_matrix_scale (g->dW2, 1.0);   /* was checking something here */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        val = gsl_matrix_get (g->dW2, j, k);
        gsl_matrix_set (g->dW2, j, k, val + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* db2 */
  for (k = 0; k < C; k++)
    {
      val = 0.0;
      for (i = 0; i < N; i++)
        val += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, val);
    }

  /* dp1 = dz2 W2^T, and dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        val = 0.0;
        for (k = 0; k < C; k++)
          val += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, val);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? val : 0.0);
      }
  /* printf ("dp1[0][0] %g dz1[0][0] %g\n", gsl_matrix_get (g->dp1, 0, 0), gsl_matrix_get (g->dz1, 0, 0)); */

  /* dW1 = X^T dz1 + 2 reg W1 */
  tmul (X, g->dp1, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < H; j++)
      {
        val = gsl_matrix_get (g->dW1, i, j);
        gsl_matrix_set (g->dW1, i, j, val + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* db1 */
  for (j = 0; j < H; j++)
    {
      val = 0.0;
      for (i = 0; i < N; i++)
        val += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, val);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
