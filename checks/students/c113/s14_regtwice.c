/* backward.c -- exercise 4, backward pass
 * loss = mean cross entropy + reg*(|W1|^2 + |W2|^2)
 * helpers in backprop order, reg term added separately with add_reg()
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
gradient_z2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t n = prob->size1;
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < prob->size2; k++)
      {
        double *d = gsl_matrix_ptr (dz2, i, k);
        *d = gsl_matrix_get (prob, i, k);
        if (k == y[i])
          *d -= 1.0;
        *d /= n;
      }
}

/* no reg in here */
static void
gradient_W2 (const gsl_matrix *p1, const gsl_matrix *dz2, gsl_matrix *dW2)
{
  for (size_t h = 0; h < dW2->size1; h++)
    for (size_t k = 0; k < dW2->size2; k++)
      {
        double *d = gsl_matrix_ptr (dW2, h, k);
        *d = 0.0;
        for (size_t i = 0; i < p1->size1; i++)
          *d += gsl_matrix_get (p1, i, h) * gsl_matrix_get (dz2, i, k);
      }
}

static void
gradient_b2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  for (size_t k = 0; k < dz2->size2; k++)
    {
      double s = 0.0;
      for (size_t i = 0; i < dz2->size1; i++)
        s += gsl_matrix_get (dz2, i, k);
      gsl_vector_set (db2, k, s);
    }
}

static void
gradient_p1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  for (size_t i = 0; i < dp1->size1; i++)
    for (size_t h = 0; h < dp1->size2; h++)
      {
        double s = 0.0;
        for (size_t k = 0; k < dz2->size2; k++)
          s += gsl_matrix_get (dz2, i, k) * gsl_matrix_get (W2, h, k);
        gsl_matrix_set (dp1, i, h, s);
      }
}

static void
gradient_z1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  for (size_t i = 0; i < dz1->size1; i++)
    for (size_t h = 0; h < dz1->size2; h++)
      gsl_matrix_set (dz1, i, h, (gsl_matrix_get (z1, i, h) > 0)
                      * gsl_matrix_get (dp1, i, h));
}

static void
gradient_W1 (const gsl_matrix *X, const gsl_matrix *dz1, gsl_matrix *dW1)
{
  for (size_t d = 0; d < dW1->size1; d++)
    for (size_t h = 0; h < dW1->size2; h++)
      {
        double *p = gsl_matrix_ptr (dW1, d, h);
        *p = 0.0;
        for (size_t i = 0; i < X->size1; i++)
          *p += gsl_matrix_get (X, i, d) * gsl_matrix_get (dz1, i, h);
      }
}

static void
gradient_b1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  for (size_t h = 0; h < dz1->size2; h++)
    {
      double s = 0.0;
      for (size_t i = 0; i < dz1->size1; i++)
        s += gsl_matrix_get (dz1, i, h);
      gsl_vector_set (db1, h, s);
    }
}

/* dW += 2 reg W */
static void
add_reg (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  for (size_t a = 0; a < W->size1; a++)
    for (size_t b = 0; b < W->size2; b++)
      *gsl_matrix_ptr (dW, a, b) += 2.0 * reg * gsl_matrix_get (W, a, b);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    return 1;

  gradient_z2 (cache->prob, y, g->dz2);
  gradient_W2 (cache->p1, g->dz2, g->dW2);
  add_reg (net->W2, reg, g->dW2);
  gradient_b2 (g->dz2, g->db2);
  gradient_p1 (g->dz2, net->W2, g->dp1);
  gradient_z1 (g->dp1, cache->z1, g->dz1);
  gradient_W1 (X, g->dz1, g->dW1);
  add_reg (net->W1, reg, g->dW1);
  gradient_b1 (g->dz1, g->db1);

  /* regularization of the first layer too */
  add_reg (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
