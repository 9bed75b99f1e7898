/* backward pass (two-layer net) -- Ex. 5.
 * I like switch for case analysis: the true class against the others in
 * the softmax gradient, and the two sides of the ReLU. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double v, s;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double p = gsl_matrix_get (cache->prob, i, j);
        switch (j == y[i])
          {
          case 1:               /* the correct class */
            v = p - 1.0;
            break;
          default:              /* every other class */
            v = p - 1.0;
            break;
          }
        gsl_matrix_set (g->dz2, i, j, v / N);
      }

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        s = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  for (k = 0; k < C; k++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        switch (gsl_matrix_get (cache->z1, i, j) > 0.0)
          {
          case 0:
            gsl_matrix_set (g->dz1, i, j, 0.0);
            break;
          case 1:
            gsl_matrix_set (g->dz1, i, j, s);
            break;
          }
      }

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        s = 2 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  for (j = 0; j < H; j++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
