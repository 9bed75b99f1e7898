/* backward.c -- lab 3
 * The dimensions and the entries I use are macros, so that the loops below
 * read like the formulas on the slides. */

#include "backprop/net.h"
#include "backprop/grads.h"

#define NB  (X->size1)          /* batch size N */
#define ND  (net->D)
#define NH  (net->H)
#define NC  (net->C)

#define PROB(i, c)  gsl_matrix_get (cache->prob, (i), (c))
#define P1(i, h)    gsl_matrix_get (cache->p1, (i), (h))
#define Z1(i, h)    gsl_matrix_get (cache->z1, (i), (h))
#define XX(i, d)    gsl_matrix_get (X, (i), (d))
#define W1(d, h)    gsl_matrix_get (net->W1, (d), (h))
#define W2(h, c)    gsl_matrix_get (net->W2, (h), (c))
#define DZ2(i, c)   gsl_matrix_get (g->dz2, (i), (c))
#define DP1(i, h)   gsl_matrix_get (g->dp1, (i), (h))
#define DZ1(i, h)   gsl_matrix_get (g->dz1, (i), (h))

#define ONEHOT(i, c)  ((c) == y[i] ? 1.0 : 0.0)
#define DRELU(z)      (z) > 0.0

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t i, h, c, d;
  double acc;

  if (NB != cache->N || X->size2 != ND || g->N != NB)
    return 1;

  for (i = 0; i < NB; i++)
    for (c = 0; c < NC; c++)
      gsl_matrix_set (g->dz2, i, c, (PROB (i, c) - ONEHOT (i, c)) / NB);

  for (h = 0; h < NH; h++)
    for (c = 0; c < NC; c++)
      {
        acc = 2.0 * reg * W2 (h, c);
        for (i = 0; i < NB; i++)
          acc += P1 (i, h) * DZ2 (i, c);
        gsl_matrix_set (g->dW2, h, c, acc);
      }

  for (c = 0; c < NC; c++)
    {
      acc = 0.0;
      for (i = 0; i < NB; i++)
        acc += DZ2 (i, c);
      gsl_vector_set (g->db2, c, acc);
    }

  for (i = 0; i < NB; i++)
    for (h = 0; h < NH; h++)
      {
        acc = 0.0;
        for (c = 0; c < NC; c++)
          acc += DZ2 (i, c) * W2 (h, c);
        gsl_matrix_set (g->dp1, i, h, acc);
      }

  for (i = 0; i < NB; i++)
    for (h = 0; h < NH; h++)
      gsl_matrix_set (g->dz1, i, h, DP1 (i, h) * DRELU (Z1 (i, h)));

  for (d = 0; d < ND; d++)
    for (h = 0; h < NH; h++)
      {
        acc = 2.0 * reg * W1 (d, h);
        for (i = 0; i < NB; i++)
          acc += XX (i, d) * DZ1 (i, h);
        gsl_matrix_set (g->dW1, d, h, acc);
      }

  for (h = 0; h < NH; h++)
    {
      acc = 0.0;
      for (i = 0; i < NB; i++)
        acc += DZ1 (i, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
