/* backward.c -- split into small helpers, one per layer */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  size_t N = prob->size1, C = prob->size2, i, j;
  double inv_n = 1 / N;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (dz, i, j,
                      (gsl_matrix_get (prob, i, j) - (j == y[i])) * inv_n);
}

/* dW = A' dZ + 2 reg W, db = column sums of dZ, dA = dZ W' */
static void
affine_backward (const gsl_matrix *dZ, const gsl_matrix *A, const gsl_matrix *W,
                 double reg, gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA)
{
  size_t N = dZ->size1, K = W->size1, M = W->size2, i, k, m;

  for (k = 0; k < K; k++)
    for (m = 0; m < M; m++)
      {
        double s = 2 * reg * gsl_matrix_get (W, k, m);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (dZ, i, m);
        gsl_matrix_set (dW, k, m, s);
      }
  for (m = 0; m < M; m++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dZ, i, m);
      gsl_vector_set (db, m, s);
    }
  if (dA)
    for (i = 0; i < N; i++)
      for (k = 0; k < K; k++)
        {
          double s = 0;
          for (m = 0; m < M; m++)
            s += gsl_matrix_get (dZ, i, m) * gsl_matrix_get (W, k, m);
          gsl_matrix_set (dA, i, k, s);
        }
}

static void
relu_backward (const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (dZ, i, j, gsl_matrix_get (Z, i, j) > 0
                      ? gsl_matrix_get (dP, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  softmax_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2, g->dp1);
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_backward (g->dz1, X, net->W1, reg, g->dW1, g->db1, NULL);
  g->present = BP_GRADS_ALL;
  return 0;
}
