/* backward.c -- 2-layer MLP, manual backprop
 * Giulia Ferraro, Machine Learning lab 3
 *
 * For every sample n (outer loop):
 *   - error at the output, stored in dz2[n]
 *   - its contribution to dW2, db2
 *   - error at the hidden layer (dp1[n], dz1[n])
 *   - its contribution to dW1, db1
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
matrix_add_scaled (gsl_matrix *A, const gsl_matrix *B, double alpha)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) + alpha * gsl_matrix_get (B, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;

  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);

  for (n = 0; n < N; n++)
    {
      double acc = 0.0;

      /* output error */
      for (c = 0; c < C; c++)
        {
          double err = gsl_matrix_get (cache->prob, n, c);
          if (y[n] == c)
            err -= 1.0;
          err /= (double) N;
          gsl_matrix_set (g->dz2, n, c, err);
          gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + err);
          for (h = 0; h < H; h++)
            gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                            + gsl_matrix_get (cache->p1, n, h) * err);
        }

      /* hidden error */
      for (h = 0; h < H; h++)
        {
          for (c = 0; c < C; c++)
            acc += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, n, h, acc);
          if (gsl_matrix_get (cache->z1, n, h) > 0.0)
            gsl_matrix_set (g->dz1, n, h, acc);
          else
            gsl_matrix_set (g->dz1, n, h, 0.0);
        }

      /* input layer */
      for (h = 0; h < H; h++)
        {
          double e1 = gsl_matrix_get (g->dz1, n, h);
          gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + e1);
          for (d = 0; d < D; d++)
            gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                            + gsl_matrix_get (X, n, d) * e1);
        }
    }

  matrix_add_scaled (g->dW2, net->W2, 2.0 * reg);
  matrix_add_scaled (g->dW1, net->W1, 2.0 * reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
