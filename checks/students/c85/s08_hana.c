/* backward.c -- Lab 5: backprop for the two-layer net
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).  Do not change the
 * signature.
 *
 * Hana S.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  /* TODO 1: compute dscores */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) / N);
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0 / N);
    }

  /* TODO 2: backprop into W2 and b2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double dw = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)   /* hidden activations times dscores */
          dw += gsl_matrix_get (cache->z1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, dw);
      }
  for (k = 0; k < C; k++)
    {
      double db = 0;
      for (i = 0; i < N; i++)
        db += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, db);
    }

  /* TODO 3: backprop into the hidden layer */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double dh = 0;
        for (k = 0; k < C; k++)
          dh += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, dh);
      }

  /* TODO 4: ReLU */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* TODO 5: backprop into W1 and b1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double dw = 2 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          dw += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, dw);
      }
  for (j = 0; j < H; j++)
    {
      double db = 0;
      for (i = 0; i < N; i++)
        db += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, db);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
