/* TP 4 : backward pass of the 2 layer network.
 * Each gradient has its own function, called in backprop order. */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* gradient of the softmax loss wrt the scores: prob - 1 at the label,
 * scaled by 1/N */
static void
grad_dz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  for (size_t i = 0; i < prob->size1; i++)
    for (size_t j = 0; j < prob->size2; j++)
      {
        double p = gsl_matrix_get (prob, i, j);
        gsl_matrix_set (dz2, i, j, j == y[i] ? p - 1.0 : p);
      }
}

static void
grad_dW2 (const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
          double reg, gsl_matrix *dW2)
{
  for (size_t h = 0; h < dW2->size1; h++)
    for (size_t c = 0; c < dW2->size2; c++)
      {
        double sum = 0;
        for (size_t i = 0; i < p1->size1; i++)
          sum += gsl_matrix_get (p1, i, h) * gsl_matrix_get (dz2, i, c);
        sum += 2 * reg * gsl_matrix_get (W2, h, c);
        gsl_matrix_set (dW2, h, c, sum);
      }
}

static void
grad_db2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  gsl_vector_set_zero (db2);
  for (size_t i = 0; i < dz2->size1; i++)
    for (size_t c = 0; c < dz2->size2; c++)
      gsl_vector_set (db2, c, gsl_vector_get (db2, c) + gsl_matrix_get (dz2, i, c));
}

static void
grad_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  for (size_t i = 0; i < dp1->size1; i++)
    for (size_t h = 0; h < dp1->size2; h++)
      {
        double sum = 0;
        for (size_t c = 0; c < dz2->size2; c++)
          sum += gsl_matrix_get (dz2, i, c) * gsl_matrix_get (W2, h, c);
        gsl_matrix_set (dp1, i, h, sum);
      }
}

static void
grad_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  for (size_t i = 0; i < dz1->size1; i++)
    for (size_t h = 0; h < dz1->size2; h++)
      {
        if (gsl_matrix_get (z1, i, h) > 0)
          gsl_matrix_set (dz1, i, h, gsl_matrix_get (dp1, i, h));
        else
          gsl_matrix_set (dz1, i, h, 0);
      }
}

static void
grad_dW1 (const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
          double reg, gsl_matrix *dW1)
{
  for (size_t d = 0; d < dW1->size1; d++)
    for (size_t h = 0; h < dW1->size2; h++)
      {
        double sum = 0;
        for (size_t i = 0; i < X->size1; i++)
          sum += gsl_matrix_get (X, i, d) * gsl_matrix_get (dz1, i, h);
        sum += 2 * reg * gsl_matrix_get (W1, d, h);
        gsl_matrix_set (dW1, d, h, sum);
      }
}

static void
grad_db1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  gsl_vector_set_zero (db1);
  for (size_t i = 0; i < dz1->size1; i++)
    for (size_t h = 0; h < dz1->size2; h++)
      gsl_vector_set (db1, h, gsl_vector_get (db1, h) + gsl_matrix_get (dz1, i, h));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  grad_dz2 (cache->prob, y, g->dz2);
  grad_dW2 (cache->p1, g->dz2, net->W2, reg, g->dW2);
  grad_db2 (g->dz2, g->db2);
  grad_dp1 (g->dz2, net->W2, g->dp1);
  grad_dz1 (g->dp1, cache->z1, g->dz1);
  grad_dW1 (X, g->dz1, net->W1, reg, g->dW1);
  grad_db1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
