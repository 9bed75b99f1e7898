/* backward.c -- both layers go through the same two helpers:
 *   affine_backward: dW = A' dZ + 2 reg W, db = colsum(dZ), dA = dZ W'
 *   relu_backward:   dZ = dA * [Z > 0]                                  */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
affine_backward (const gsl_matrix *dZ, const gsl_matrix *A, const gsl_matrix *W,
                 double reg, gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA)
{
  size_t n = dZ->size1, in = W->size1, out = W->size2;

  for (size_t a = 0; a < in; a++)
    for (size_t b = 0; b < out; b++)
      {
        double s = 0;
        for (size_t i = 0; i < n; i++)
          s += gsl_matrix_get (A, i, a) * gsl_matrix_get (dZ, i, b);
        gsl_matrix_set (dW, a, b, s + 2 * reg * gsl_matrix_get (W, a, b));
      }
  for (size_t b = 0; b < out; b++)
    {
      double s = 0;
      for (size_t i = 0; i < n; i++)
        s += gsl_matrix_get (dZ, i, b);
      gsl_vector_set (db, b, s);
    }
  if (dA)
    for (size_t i = 0; i < n; i++)
      for (size_t a = 0; a < in; a++)
        {
          double s = 0;
          for (size_t b = 0; b < out; b++)
            s += gsl_matrix_get (dZ, i, b) * gsl_matrix_get (W, a, b);
          gsl_matrix_set (dA, i, a, s);
        }
}

static void
relu_backward (const gsl_matrix *dA, const gsl_matrix *Z, gsl_matrix *dZ)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (dZ, i, j,
                      gsl_matrix_get (Z, i, j) > 0 ? gsl_matrix_get (dA, i, j) : 0);
}

static void
softmax_loss_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dZ)
{
  size_t n = prob->size1;
  gsl_matrix_memcpy (dZ, prob);
  for (size_t i = 0; i < n; i++)
    gsl_matrix_set (dZ, i, y[i], gsl_matrix_get (dZ, i, y[i]) - 1);
  gsl_matrix_scale (dZ, 1.0 / n);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  softmax_loss_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2, g->dp1);
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_backward (g->dz1, X, net->W1, reg, g->dW1, g->db1, NULL);
  g->present = BP_GRADS_ALL;
  return 0;
}
