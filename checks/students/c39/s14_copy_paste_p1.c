/* ---------------------------------------------------------------------
 * backward.c
 * Two-layer net backward pass (C track, week 5 programming exercise)
 *
 * Layer 2 first, then layer 1 is the same thing one level down:
 *      layer 2:  input p1, output grad dz2, weights W2
 *      layer 1:  input X,  output grad dz1, weights W1
 * --------------------------------------------------------------------- */

#include <stdio.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t in, out, n;
  double sum;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ===== loss ===== */
  for (n = 0; n < N; n++)
    for (out = 0; out < net->C; out++)
      {
        double target = (out == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, out,
                        (gsl_matrix_get (cache->prob, n, out) - target) / (double) N);
      }

  /* ===== layer 2 ===== */
  for (in = 0; in < net->H; in++)
    for (out = 0; out < net->C; out++)
      {
        sum = 0.0;
        for (n = 0; n < N; n++)
          sum += gsl_matrix_get (cache->p1, n, in) * gsl_matrix_get (g->dz2, n, out);
        sum += 2.0 * reg * gsl_matrix_get (net->W2, in, out);
        gsl_matrix_set (g->dW2, in, out, sum);
      }
  for (out = 0; out < net->C; out++)
    {
      sum = 0.0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz2, n, out);
      gsl_vector_set (g->db2, out, sum);
    }
  /* printf ("layer 2 done, dW2[0][0]=%f db2[0]=%f\n",
             gsl_matrix_get (g->dW2, 0, 0), gsl_vector_get (g->db2, 0)); */

  /* ===== through W2 and the relu ===== */
  for (n = 0; n < N; n++)
    for (in = 0; in < net->H; in++)
      {
        sum = 0.0;
        for (out = 0; out < net->C; out++)
          sum += gsl_matrix_get (g->dz2, n, out) * gsl_matrix_get (net->W2, in, out);
        gsl_matrix_set (g->dp1, n, in, sum);
        if (gsl_matrix_get (cache->z1, n, in) > 0.0)
          gsl_matrix_set (g->dz1, n, in, sum);
        else
          gsl_matrix_set (g->dz1, n, in, 0.0);
      }

  /* ===== layer 1 ===== */
  for (in = 0; in < net->D; in++)
    for (out = 0; out < net->H; out++)
      {
        sum = 0.0;
        for (n = 0; n < N; n++)
          sum += gsl_matrix_get (cache->p1, n, in) * gsl_matrix_get (g->dz1, n, out);
        sum += 2.0 * reg * gsl_matrix_get (net->W1, in, out);
        gsl_matrix_set (g->dW1, in, out, sum);
      }
  for (out = 0; out < net->H; out++)
    {
      sum = 0.0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz1, n, out);
      gsl_vector_set (g->db1, out, sum);
    }
  /* printf ("layer 1 done, dW1[0][0]=%f db1[0]=%f\n",
             gsl_matrix_get (g->dW1, 0, 0), gsl_vector_get (g->db1, 0)); */

  g->present = BP_GRADS_ALL;
  return 0;
}
