/* backward.c -- lab 4, backward pass of the two layer net
 * one helper per gradient, called in order from backward() */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz2 = (prob - onehot(y)) / N */
static void
grad_dz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t i, j;
  size_t N = prob->size1;
  for (i = 0; i < N; i++)
    for (j = 0; j < prob->size2; j++)
      {
        double v = gsl_matrix_get (prob, i, j);
        if (j == y[i])
          v -= 1.0;
        gsl_matrix_set (dz2, i, j, v / N);
      }
}

/* dW2 = p1^T dz2 + 2 reg W2 */
static void
grad_W2 (const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
         double reg, gsl_matrix *dW2)
{
  size_t h, c, i;
  for (h = 0; h < W2->size1; h++)
    for (c = 0; c < W2->size2; c++)
      {
        double s = 0.0;
        for (i = 0; i < p1->size1; i++)
          s += gsl_matrix_get (p1, i, h) * gsl_matrix_get (dz2, i, c);
        gsl_matrix_set (dW2, h, c, s + 2.0 * reg * gsl_matrix_get (W2, h, c));
      }
}

/* db2 = sum of dz2 over the samples */
static void
grad_b2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  size_t i, c;
  for (c = 0; c < dz2->size2; c++)
    {
      double s = 0.0;
      for (i = 0; i < dz2->size1; i++)
        s += gsl_matrix_get (dz2, i, c);
      gsl_vector_set (db2, c, s);
    }
}

/* dp1 = dz2 W2^T */
static void
grad_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  size_t i, h, c;
  for (i = 0; i < dz2->size1; i++)
    for (h = 0; h < W2->size1; h++)
      {
        double s = 0.0;
        for (c = 0; c < W2->size2; c++)
          s += gsl_matrix_get (dz2, i, c) * gsl_matrix_get (W2, h, c);
        gsl_matrix_set (dp1, i, h, s);
      }
}

/* relu: gradient only goes through where z1 > 0 */
static void
grad_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, h;
  for (i = 0; i < z1->size1; i++)
    for (h = 0; h < z1->size2; h++)
      gsl_matrix_set (dz1, i, h, gsl_matrix_get (z1, i, h) > 0.0
                      ? gsl_matrix_get (dp1, i, h) : 0.0);
}

/* dW1 = X^T dz1 + 2 reg W1 */
static void
grad_W1 (const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
         double reg, gsl_matrix *dW1)
{
  size_t d, h, i;
  for (d = 0; d < W1->size1; d++)
    for (h = 0; h < W1->size2; h++)
      {
        double s = 0.0;
        for (i = 0; i < X->size1; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (dz1, i, h);
        gsl_matrix_set (dW1, d, h, s + 2.0 * reg * gsl_matrix_get (W1, d, h));
      }
}

/* db1 = sum of dz1 over the samples */
static void
grad_b1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  size_t i, h;
  for (h = 0; h < dz1->size2; h++)
    {
      double s = 0.0;
      for (i = 0; i < dz1->size1; i++)
        s += gsl_matrix_get (dz1, i, h);
      gsl_vector_set (db1, h, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  grad_dz2 (cache->prob, y, g->dz2);
  grad_W2 (cache->p1, g->dz2, net->W2, reg, g->dW2);
  grad_b2 (g->dz2, g->db2);
  grad_dp1 (g->dz2, net->W2, g->dp1);
  grad_dz1 (g->dp1, cache->z1, g->dz1);
  grad_W1 (X, g->dz1, net->W1, reg, g->dW1);
  grad_b1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
