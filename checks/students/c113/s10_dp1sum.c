/* backward.c - TP4 reseaux de neurones
 * backward pass, helper functions for each gradient */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz2 = (prob - Y) / N, Y is the one hot matrix of the labels */
static void
grad_dz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t i;
  size_t N = prob->size1;
  gsl_matrix *Y = gsl_matrix_calloc (prob->size1, prob->size2);

  for (i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);
  gsl_matrix_memcpy (dz2, prob);
  gsl_matrix_sub (dz2, Y);
  gsl_matrix_scale (dz2, 1.0 / N);
  gsl_matrix_free (Y);
}

static void
grad_dW2 (const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
          double reg, gsl_matrix *dW2)
{
  size_t i, j, k;
  double sum;

  for (i = 0; i < dW2->size1; i++)
    for (j = 0; j < dW2->size2; j++)
      {
        sum = 0.0;
        for (k = 0; k < p1->size1; k++)
          sum += gsl_matrix_get (p1, k, i) * gsl_matrix_get (dz2, k, j);
        gsl_matrix_set (dW2, i, j, sum + 2.0 * reg * gsl_matrix_get (W2, i, j));
      }
}

static void
grad_db2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  size_t i, j;
  double sum;

  for (j = 0; j < dz2->size2; j++)
    {
      sum = 0.0;
      for (i = 0; i < dz2->size1; i++)
        sum += gsl_matrix_get (dz2, i, j);
      gsl_vector_set (db2, j, sum);
    }
}

/* dp1 = dz2 * W2^T   (N x C) (C x H) */
static void
grad_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  size_t i, j, k;
  double sum;

  for (i = 0; i < dp1->size1; i++)
    {
      sum = 0.0;
      for (j = 0; j < dp1->size2; j++)
        {
          for (k = 0; k < dz2->size2; k++)
            sum += gsl_matrix_get (dz2, i, k) * gsl_matrix_get (W2, j, k);
          gsl_matrix_set (dp1, i, j, sum);
        }
    }
}

static void
grad_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, j;

  for (i = 0; i < dz1->size1; i++)
    for (j = 0; j < dz1->size2; j++)
      {
        if (gsl_matrix_get (z1, i, j) > 0.0)
          gsl_matrix_set (dz1, i, j, gsl_matrix_get (dp1, i, j));
        else
          gsl_matrix_set (dz1, i, j, 0.0);
      }
}

static void
grad_dW1 (const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
          double reg, gsl_matrix *dW1)
{
  size_t i, j, k;
  double sum;

  for (i = 0; i < dW1->size1; i++)
    for (j = 0; j < dW1->size2; j++)
      {
        sum = 0.0;
        for (k = 0; k < X->size1; k++)
          sum += gsl_matrix_get (X, k, i) * gsl_matrix_get (dz1, k, j);
        gsl_matrix_set (dW1, i, j, sum + 2.0 * reg * gsl_matrix_get (W1, i, j));
      }
}

static void
grad_db1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  size_t i, j;
  double sum;

  for (j = 0; j < dz1->size2; j++)
    {
      sum = 0.0;
      for (i = 0; i < dz1->size1; i++)
        sum += gsl_matrix_get (dz1, i, j);
      gsl_vector_set (db1, j, sum);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
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
