/* backward.c -- Lab 5: backprop for the two-layer net
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).  Do not change the
 * signature, gradcheck loads the function by name.
 *   make         builds backward.so
 *   make check   runs gradcheck on it
 *
 * Student: Amara O.
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

  /* TODO 1: compute dscores (g->dz2), the gradient of the loss with
   * respect to the scores.  Use cache->prob and y.  */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double d = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          d -= 1.0;
        gsl_matrix_set (g->dz2, i, k, d / N);
      }

  /* TODO 2: backprop into W2 and b2 (g->dW2, g->db2).  Don't forget the
   * regularization!  */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        s += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* TODO 3: backprop into the hidden layer (g->dp1).  */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* TODO 4: backprop through the ReLU (g->dz1).  */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* TODO 5: backprop into W1 and b1 (g->dW1, g->db1).  Regularization
   * here too.  */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        s += 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
