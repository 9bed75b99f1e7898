/* Backward pass.  The names in the signature are long, so I gather what
 * I need into one struct of short pointers first. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct bw
{
  size_t N, D, H, C;
  const gsl_matrix *X, *W1, *W2, *z1, *p1, *prob;
  gsl_matrix *dz2, *dW2, *dp1, *dz1, *dW1;
  gsl_vector *db2, *db1;
};

static double
get (const gsl_matrix *m, size_t i, size_t j)
{
  return gsl_matrix_get (m, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct bw b = {
    X->size1, net->D, net->H, net->C,
    X, net->W1, net->W2, cache->z1, cache->p1, cache->prob,
    g->dz2, g->dW2, g->dp1, g->dz1, g->dW1,
    g->db2, g->db1
  };
  size_t i, j, k;

  for (i = 0; i < b.N; i++)
    for (k = 0; k < b.C; k++)
      gsl_matrix_set (b.dz2, i, k, (get (b.prob, i, k) - (k == y[i] ? 1 : 0)) / b.N);

  for (j = 0; j < b.H; j++)
    for (k = 0; k < b.C; k++)
      {
        double s = 2 * reg * get (b.W2, j, k);
        for (i = 0; i < b.N; i++)
          s += get (b.p1, i, j) * get (b.dz2, i, k);
        gsl_matrix_set (b.dW2, j, k, s);
      }

  for (k = 0; k < b.C; k++)
    {
      double s = 0;
      for (i = 0; i < b.N; i++)
        s += get (b.dz2, i, k);
      gsl_vector_set (b.db2, k, s);
    }

  for (i = 0; i < b.N; i++)
    for (j = 0; j < b.H; j++)
      {
        double s = 0;
        for (k = 0; k < b.C; k++)
          s += get (b.dz2, i, k) * get (b.W2, j, k);
        gsl_matrix_set (b.dp1, i, j, s);
      }

  for (i = 0; i < b.N; i++)
    for (j = 0; j < b.H; j++)
      gsl_matrix_set (b.dz1, i, j, get (b.z1, i, j) < 0 ? get (b.dp1, i, j) : 0);

  for (i = 0; i < b.D; i++)
    for (j = 0; j < b.H; j++)
      {
        double s = 2 * reg * get (b.W1, i, j);
        for (k = 0; k < b.N; k++)
          s += get (b.X, k, i) * get (b.dz1, k, j);
        gsl_matrix_set (b.dW1, i, j, s);
      }

  for (j = 0; j < b.H; j++)
    {
      double s = 0;
      for (i = 0; i < b.N; i++)
        s += get (b.dz1, i, j);
      gsl_vector_set (b.db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
