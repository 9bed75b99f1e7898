#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* biases first: db2 and db1 are column sums, easy */
int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k, (gsl_matrix_get (cache->prob, i, k)
                                     - (y[i] == k ? 1.0 : 0.0)) / N);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double a = 0;
        for (size_t k = 0; k < C; k++)
          a += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, a);
      }

  /* biases */
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    {
      for (size_t k = 0; k < C; k++)
        gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k)
                        + gsl_matrix_get (g->dz2, i, k));
      for (size_t j = 0; j < H; j++)
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j)
                        + gsl_matrix_get (g->dp1, i, j));
    }

  /* relu */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* weights */
  for (size_t j = 0; j < H; j++)
    for (size_t k = 0; k < C; k++)
      {
        double w = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (size_t i = 0; i < N; i++)
          w += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, w);
      }
  for (size_t d = 0; d < D; d++)
    for (size_t j = 0; j < H; j++)
      {
        double w = 2 * reg * gsl_matrix_get (net->W1, d, j);
        for (size_t i = 0; i < N; i++)
          w += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j, w);
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
