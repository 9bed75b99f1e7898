/* backward.c -- week 5 assignment, two layer net backward pass
 * 
 * I use the IDX macro from the "C matrices without tears" tutorial so I
 * dont have to type gsl_matrix_get all the time.  Everything is computed
 * with the UN-normalised softmax gradient first and divided by N at the
 * very end (less divisions, and it was easier to compare with my notes).
 *
 * softmax is recomputed from z2 (max subtracted) because I wanted to be
 * sure what is in it.
 */

#include <math.h>
#include <stdio.h>
#include "backprop.h"

#define IDX(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VIDX(v, i)   ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- softmax again, row by row ---- */
  for (i = 0; i < N; i++)
    {
      double mx = IDX (cache->z2, i, 0), tot = 0.0;
      for (j = 1; j < C; j++)
        if (IDX (cache->z2, i, j) > mx)
          mx = IDX (cache->z2, i, j);
      for (j = 0; j < C; j++)
        {
          IDX (g->dz2, i, j) = exp (IDX (cache->z2, i, j) - mx);
          tot += IDX (g->dz2, i, j);
        }
      for (j = 0; j < C; j++)
        IDX (g->dz2, i, j) /= tot;
      IDX (g->dz2, i, y[i]) -= 1.0;   /* p - 1{y} , not yet /N */
    }

  /* ---- layer 2 ---- */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += IDX (cache->p1, i, j) * IDX (g->dz2, i, k);
        IDX (g->dW2, j, k) = s;
      }
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += IDX (g->dz2, i, k);
      VIDX (g->db2, k) = s;
    }

  /* ---- back into the hidden layer ---- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += IDX (g->dz2, i, k) * IDX (net->W2, j, k);
        IDX (g->dp1, i, j) = s;
        IDX (g->dz1, i, j) = IDX (cache->z1, i, j) > 0.0 ? s : 0.0;
      }

  /* ---- layer 1 ---- */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < N; k++)
          s += IDX (X, k, i) * IDX (g->dz1, k, j);
        IDX (g->dW1, i, j) = s;
      }
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += IDX (g->dz1, i, j);
      VIDX (g->db1, j) = s;
    }

  /* ---- now the 1/N for everything (it is linear so this is fine) ---- */
  {
    double invN = 1.0 / (double) N;
    gsl_matrix_scale (g->dz2, invN);
    gsl_matrix_scale (g->dW2, invN);
    gsl_vector_scale (g->db2, invN);
    gsl_matrix_scale (g->dp1, invN);
    gsl_matrix_scale (g->dz1, invN);
    gsl_matrix_scale (g->dW1, invN);
    gsl_vector_scale (g->db1, invN);
  }

  /* ---- and regularisation last, d/dW reg*W^2 = 2 reg W ---- */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      IDX (g->dW2, j, k) += 2.0 * reg * IDX (net->W2, j, k);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      IDX (g->dW1, i, j) += 2.0 * reg * IDX (net->W1, i, j);

  /* printf ("dW1[0][0] = %g\n", IDX (g->dW1, 0, 0)); */

  g->present = BP_GRADS_ALL;
  return 0;
}
