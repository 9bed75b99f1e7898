/*
 * backward.c  (hw2 - neural nets)
 *
 * Olu Adeyemi  - layer 2 / softmax          ("delta2")
 * Chris Moreau - layer 1, and the regularisation loop   ("delta1")
 *
 * OA: no reg in my half, Chris does both weight matrices in one loop at
 *     the end so we cannot forget one.
 * CM: yes, see "L2 for all weight matrices" below.
 */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

#define NLAYERS 2               /* two-layer network */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, l;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ---------- OA: layer 2 ---------- */

  /* delta2 = (probs - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double d = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          d -= 1.0;
        gsl_matrix_set (g->dz2, i, k, d / N);
      }

  /* dW2 = a1^T delta2   (reg comes later, see CM) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  /* db2 */
  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* ---------- CM: layer 1 ---------- */
  {
    double *delta1 = g->dz1->data;
    double *dp = g->dp1->data;
    const double *d2 = g->dz2->data, *w2 = net->W2->data;
    const double *z1 = cache->z1->data, *x = X->data;
    double *dw1 = g->dW1->data;

    // dp1 = delta2 * W2'
    for (i = 0; i < N; i++)
      for (j = 0; j < H; j++)
        {
          double s = 0;
          for (k = 0; k < C; k++)
            s += d2[i * g->dz2->tda + k] * w2[j * net->W2->tda + k];
          dp[i * g->dp1->tda + j] = s;
          delta1[i * g->dz1->tda + j] = z1[i * cache->z1->tda + j] > 0 ? s : 0;
        }

    // dW1 = X' delta1
    for (k = 0; k < D; k++)
      for (j = 0; j < H; j++)
        {
          double s = 0;
          for (i = 0; i < N; i++)
            s += x[i * X->tda + k] * delta1[i * g->dz1->tda + j];
          dw1[k * g->dW1->tda + j] = s;
        }

    // db1
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += delta1[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = s;
      }
  }

  // L2 for all weight matrices: dW += 2 reg W
  {
    gsl_matrix *dW[NLAYERS] = { g->dW1, g->dW2 };
    const gsl_matrix *W[NLAYERS] = { net->W1, net->W2 };

    for (l = 0; l < NLAYERS - 1; l++)
      for (i = 0; i < W[l]->size1; i++)
        for (j = 0; j < W[l]->size2; j++)
          gsl_matrix_set (dW[l], i, j, gsl_matrix_get (dW[l], i, j)
                          + 2 * reg * gsl_matrix_get (W[l], i, j));
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
