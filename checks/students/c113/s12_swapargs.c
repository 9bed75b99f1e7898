/* backward.c -- Lab 4
 * Student: group A2
 * One helper per gradient.  All inputs are const, the output is last.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void compute_dz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  const double n = (double) prob->size1;
  size_t r, c;

  for (r = 0; r < prob->size1; r++)
  {
    for (c = 0; c < prob->size2; c++)
    {
      double ind = (c == y[r]) ? 1.0 : 0.0;
      gsl_matrix_set (dz2, r, c, (gsl_matrix_get (prob, r, c) - ind) / n);
    }
  }
}

static void compute_dW2 (const gsl_matrix *p1, const gsl_matrix *dz2,
                         const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
  size_t r, c, s;

  for (r = 0; r < dW2->size1; r++)
  {
    for (c = 0; c < dW2->size2; c++)
    {
      double acc = 0.0;
      for (s = 0; s < p1->size1; s++)
        acc += gsl_matrix_get (p1, s, r) * gsl_matrix_get (dz2, s, c);
      gsl_matrix_set (dW2, r, c, acc + 2.0 * reg * gsl_matrix_get (W2, r, c));
    }
  }
}

static void compute_db2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  size_t s, c;

  gsl_vector_set_zero (db2);
  for (s = 0; s < dz2->size1; s++)
    for (c = 0; c < dz2->size2; c++)
      gsl_vector_set (db2, c, gsl_vector_get (db2, c) + gsl_matrix_get (dz2, s, c));
}

static void compute_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  size_t s, h, c;

  for (s = 0; s < dp1->size1; s++)
  {
    for (h = 0; h < dp1->size2; h++)
    {
      double acc = 0.0;
      for (c = 0; c < W2->size2; c++)
        acc += gsl_matrix_get (dz2, s, c) * gsl_matrix_get (W2, h, c);
      gsl_matrix_set (dp1, s, h, acc);
    }
  }
}

/* relu backward: pass dp1 where z1 was positive */
static void compute_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t s, h;

  for (s = 0; s < dz1->size1; s++)
    for (h = 0; h < dz1->size2; h++)
    {
      if (gsl_matrix_get (z1, s, h) > 0.0)
        gsl_matrix_set (dz1, s, h, gsl_matrix_get (dp1, s, h));
      else
        gsl_matrix_set (dz1, s, h, 0.0);
    }
}

static void compute_dW1 (const gsl_matrix *X, const gsl_matrix *dz1,
                         const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
  size_t r, c, s;

  for (r = 0; r < dW1->size1; r++)
  {
    for (c = 0; c < dW1->size2; c++)
    {
      double acc = 0.0;
      for (s = 0; s < X->size1; s++)
        acc += gsl_matrix_get (X, s, r) * gsl_matrix_get (dz1, s, c);
      gsl_matrix_set (dW1, r, c, acc + 2.0 * reg * gsl_matrix_get (W1, r, c));
    }
  }
}

static void compute_db1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  size_t s, h;

  gsl_vector_set_zero (db1);
  for (s = 0; s < dz1->size1; s++)
    for (h = 0; h < dz1->size2; h++)
      gsl_vector_set (db1, h, gsl_vector_get (db1, h) + gsl_matrix_get (dz1, s, h));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  compute_dz2 (cache->prob, y, g->dz2);
  compute_dW2 (cache->p1, g->dz2, net->W2, reg, g->dW2);
  compute_db2 (g->dz2, g->db2);
  compute_dp1 (g->dz2, net->W2, g->dp1);
  compute_dz1 (cache->z1, g->dp1, g->dz1);
  compute_dW1 (X, g->dz1, net->W1, reg, g->dW1);
  compute_db1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
