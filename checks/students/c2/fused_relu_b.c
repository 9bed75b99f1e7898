#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* relu derivative done inside the dp1 loop to save a pass */
int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j, k;

  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      gsl_matrix_set (g->dz2, i, k, (gsl_matrix_get (cache->prob, i, k)
                                     - (k == y[i] ? 1.0 : 0.0)) / (double) N);

  for (j = 0; j < net->H; j++)
    for (k = 0; k < net->C; k++)
      {
        double acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }
  for (k = 0; k < net->C; k++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double acc = 0.0;
        double relu_grad = gsl_matrix_get (cache->z1, i, j) > 0 ? 0.0 : 1.0;
        for (k = 0; k < net->C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
        gsl_matrix_set (g->dz1, i, j, relu_grad * acc);
      }

  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < N; k++)
          acc += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, acc + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }
  for (j = 0; j < net->H; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
