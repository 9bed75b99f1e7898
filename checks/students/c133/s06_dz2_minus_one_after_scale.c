/* Lab Exercise 9: backward propagation
 * Name: K. Ramesh   USN: 1RV21CS088
 *
 * Follows the lab manual algorithm:
 *   1. dz2   2. dW2   3. db2   4. dp1   5. dz1   6. dW1   7. db1
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double temp;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - y_onehot)/N */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < C; j++)
      gsl_matrix_set(g->dz2, i, j, gsl_matrix_get(cache->prob, i, j) / N);
    temp = gsl_matrix_get(g->dz2, i, y[i]);
    gsl_matrix_set(g->dz2, i, y[i], temp - 1.0);
  }

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  for (i = 0; i < H; i++)
  {
    for (j = 0; j < C; j++)
    {
      temp = 0.0;
      for (k = 0; k < N; k++)
        temp += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
      temp += 2.0 * reg * gsl_matrix_get(net->W2, i, j);
      gsl_matrix_set(g->dW2, i, j, temp);
    }
  }

  /* 3. db2 */
  for (j = 0; j < C; j++)
  {
    temp = 0.0;
    for (i = 0; i < N; i++)
      temp += gsl_matrix_get(g->dz2, i, j);
    gsl_vector_set(g->db2, j, temp);
  }

  /* 4. dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      temp = 0.0;
      for (k = 0; k < C; k++)
        temp += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dp1, i, j, temp);
    }
  }

  /* 5. dz1 */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      if (gsl_matrix_get(cache->z1, i, j) > 0.0)
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
      else
        gsl_matrix_set(g->dz1, i, j, 0.0);
    }
  }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  for (i = 0; i < D; i++)
  {
    for (j = 0; j < H; j++)
    {
      temp = 0.0;
      for (k = 0; k < N; k++)
        temp += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
      temp += 2.0 * reg * gsl_matrix_get(net->W1, i, j);
      gsl_matrix_set(g->dW1, i, j, temp);
    }
  }

  /* 7. db1 */
  for (j = 0; j < H; j++)
  {
    temp = 0.0;
    for (i = 0; i < N; i++)
      temp += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, temp);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
