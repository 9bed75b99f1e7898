/* Hana Kobayashi  backward.c
 * one function: the loss (mean cross-entropy + L2) and then backprop.
 * s is my running-sum variable for everything. */

#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

double hana_loss;

#define Z2(i,j)  gsl_matrix_get (cache->z2, i, j)
#define DZ2(i,j) gsl_matrix_get (g->dz2, i, j)
#define DZ1(i,j) gsl_matrix_get (g->dz1, i, j)

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s = 0.0, r = 0.0, mx, tot;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* --- loss --- */
  for (i = 0; i < N; i++)
    {
      mx = Z2 (i, 0);
      for (j = 1; j < C; j++)
        if (Z2 (i, j) > mx)
          mx = Z2 (i, j);
      tot = 0.0;
      for (j = 0; j < C; j++)
        tot += exp (Z2 (i, j) - mx);
      for (j = 0; j < C; j++)
        gsl_matrix_set (g->dz2, i, j, exp (Z2 (i, j) - mx) / tot);
      s += -log (DZ2 (i, y[i]));          /* running sum of -log p_y */
    }
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      r += gsl_matrix_get (net->W1, i, j) * gsl_matrix_get (net->W1, i, j);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      r += gsl_matrix_get (net->W2, i, j) * gsl_matrix_get (net->W2, i, j);
  hana_loss = s / N + reg * r;

  /* --- backward --- */
  for (i = 0; i < N; i++)
    {
      gsl_matrix_set (g->dz2, i, y[i], DZ2 (i, y[i]) - 1.0);
      for (j = 0; j < C; j++)
        gsl_matrix_set (g->dz2, i, j, DZ2 (i, j) / N);
    }

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * DZ2 (i, k);
        gsl_matrix_set (g->dW2, j, k, acc + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  for (k = 0; k < C; k++)
    {
      for (i = 0; i < N; i++)
        s += DZ2 (i, k);
      gsl_vector_set (g->db2, k, s);
      s = 0.0;
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < C; k++)
          acc += DZ2 (i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? acc : 0.0);
      }

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, k) * DZ1 (i, j);
        gsl_matrix_set (g->dW1, k, j, acc + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }

  for (j = 0; j < H; j++)
    {
      for (i = 0; i < N; i++)
        s += DZ1 (i, j);
      gsl_vector_set (g->db1, j, s);
      s = 0.0;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
