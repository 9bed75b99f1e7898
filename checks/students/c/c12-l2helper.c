/* HW3 -- backward.  Each step is its own function so I can test them
 * one at a time. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t r = 0; r < A->size2; r++)
    for (size_t s = 0; s < B->size2; s++)
      {
        double acc = 0.0;
        for (size_t t = 0; t < A->size1; t++)
          acc += gsl_matrix_get (A, t, r) * gsl_matrix_get (B, t, s);
        gsl_matrix_set (out, r, s, acc);
      }
}

static void
matmul_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t r = 0; r < A->size1; r++)
    for (size_t s = 0; s < B->size1; s++)
      {
        double acc = 0.0;
        for (size_t t = 0; t < A->size2; t++)
          acc += gsl_matrix_get (A, r, t) * gsl_matrix_get (B, s, t);
        gsl_matrix_set (out, r, s, acc);
      }
}

static void
colsum (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t s = 0; s < A->size2; s++)
    {
      double acc = 0.0;
      for (size_t t = 0; t < A->size1; t++)
        acc += gsl_matrix_get (A, t, s);
      gsl_vector_set (out, s, acc);
    }
}

/* derivative of reg * sum W^2 */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t r = 0; r < W->size1; r++)
    for (size_t s = 0; s < W->size2; s++)
      gsl_matrix_set (dW, r, s, gsl_matrix_get (dW, r, s) + reg * gsl_matrix_get (W, r, s));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t r = 0; r < N; r++)
    *gsl_matrix_ptr (g->dz2, r, y[r]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  matmul_AtB (cache->p1, g->dz2, g->dW2);
  add_reg (g->dW2, net->W2, reg);
  colsum (g->dz2, g->db2);

  matmul_ABt (g->dz2, net->W2, g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t r = 0; r < N; r++)
    for (size_t s = 0; s < net->H; s++)
      if (!(gsl_matrix_get (cache->z1, r, s) > 0))
        gsl_matrix_set (g->dz1, r, s, 0.0);

  matmul_AtB (X, g->dz1, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
