/* backward.c -- learner submission, C track week 4
 * output_backward / hidden_backward / input_backward, from the example.
 *
 * relu'(z): the derivative of max(0,z), which is the activation p1 itself
 * where the unit is on, and 0 where it is off.
 */
#include "backprop.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
output_backward (const bp_net *net, const size_t *y, double reg,
                 const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N, H = net->H, C = net->C, i, j, c;

  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      SET (g->dz2, i, c, (GET (cache->prob, i, c) - (c == y[i] ? 1.0 : 0.0)) / N);

  for (j = 0; j < H; j++)
    for (c = 0; c < C; c++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += GET (cache->p1, i, j) * GET (g->dz2, i, c);
        SET (g->dW2, j, c, s + 2.0 * reg * GET (net->W2, j, c));
      }

  for (c = 0; c < C; c++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += GET (g->dz2, i, c);
      gsl_vector_set (g->db2, c, s);
    }
}

static void
hidden_backward (const bp_net *net, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N, H = net->H, C = net->C, i, j, c;

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (c = 0; c < C; c++)
          s += GET (g->dz2, i, c) * GET (net->W2, j, c);
        SET (g->dp1, i, j, s);
      }

  /* chain rule: dz1 = dp1 * relu'(z1) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      SET (g->dz1, i, j, GET (g->dp1, i, j) * GET (cache->p1, i, j));
}

static void
input_backward (const bp_net *net, const gsl_matrix *X, double reg,
                bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, i, k, j;

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += GET (X, i, k) * GET (g->dz1, i, j);
        SET (g->dW1, k, j, s + 2.0 * reg * GET (net->W1, k, j));
      }
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += GET (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;
  output_backward (net, y, reg, cache, g);
  hidden_backward (net, cache, g);
  input_backward (net, X, reg, g);
  g->present = BP_GRADS_ALL;
  return 0;
}
