// backward.c  --  lab 5, backprop by hand
// Thanh Nguyen, section B
//
// plan (from my notes):
//   1. put the regularization gradient in dW1, dW2 first (2*reg*W)
//   2. zero the biases
//   3. loop over the examples, and for each one add its part
//      (its dz2 row already has the 1/N in it so nothing to fix after)

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double
relu_slope (double z)
{
  if (z > 0)
    return 1.0;
  return 0.0;
}

static double
get (const gsl_matrix *m, size_t i, size_t j)
{
  return gsl_matrix_get (m, i, j);
}

static void
add_to (gsl_matrix *m, size_t i, size_t j, double v)
{
  gsl_matrix_set (m, i, j, gsl_matrix_get (m, i, j) + v);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1;
  int D = (int) net->D, H = (int) net->H, C = (int) net->C;
  int i, j, k, d;

  // step 1: regularization part
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, d, j, 2 * reg * get (net->W1, d, j));
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k, 2 * reg * get (net->W2, j, k));

  // step 2
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  // step 3
  for (i = 0; i < N; i++)
    {
      // dz2 row i
      for (k = 0; k < C; k++)
        {
          double t = (k == (int) y[i]) ? 1.0 : 0.0;
          double dz = (get (cache->prob, i, k) - t) / N;
          gsl_matrix_set (g->dz2, i, k, dz);
          gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + dz);
          for (j = 0; j < H; j++)
            add_to (g->dW2, j, k, get (cache->p1, i, j) * dz);
        }

      // dp1 row i, then dz1 row i
      for (j = 0; j < H; j++)
        {
          double s = 0;
          for (k = 0; k < C; k++)
            s += get (g->dz2, i, k) * get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, s);
          gsl_matrix_set (g->dz1, i, j, s * relu_slope (get (cache->z1, i, j)));
        }

      // first layer
      for (j = 0; j < H; j++)
        {
          double dz = get (g->dz1, i, j);
          gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + dz);
          for (d = 0; d < D; d++)
            add_to (g->dW1, d, j, get (X, i, d) * dz);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
