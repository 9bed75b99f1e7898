/* Lab 3: backprop
 * Vo Hoang Nam - 20196001
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void colsum (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  double s;
  for (j = 0; j < A->size2; j++)
  {
    s = 0;
    for (i = 0; i < A->size1; i++)
      s += gsl_matrix_get (A, i, j);
    gsl_vector_set (out, j, s);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s, onehot;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores = (probs - onehot(y)) / N  (average over the batch) */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < C; j++)
    {
      onehot = (j == y[i]) ? 1.0 : 0.0;
      gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j) - onehot);
    }
  }

  /* dW2 = hidden.T dscores + 2 reg W2 */
  for (i = 0; i < H; i++)
  {
    for (j = 0; j < C; j++)
    {
      s = 0;
      for (k = 0; k < N; k++)
        s += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (g->dz2, k, j);
      s += 2 * reg * gsl_matrix_get (net->W2, i, j);
      gsl_matrix_set (g->dW2, i, j, s);
    }
  }

  colsum (g->dz2, g->db2);

  /* dhidden = dscores W2.T */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      s = 0;
      for (k = 0; k < C; k++)
        s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, s);
    }
  }

  /* relu */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);
      else
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
    }
  }

  /* dW1 = X.T dz1 + 2 reg W1 */
  for (i = 0; i < D; i++)
  {
    for (j = 0; j < H; j++)
    {
      s = 0;
      for (k = 0; k < N; k++)
        s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
      s += 2 * reg * gsl_matrix_get (net->W1, i, j);
      gsl_matrix_set (g->dW1, i, j, s);
    }
  }

  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
