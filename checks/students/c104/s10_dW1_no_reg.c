/* Assignment 4: backward pass of the two layer net, in C.
 * Layer functions like the example.  I keep a pointer to each row
 * (gsl_matrix_ptr) in the inner loops, it is a bit faster than get/set. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void output_backward (const bp_net *net, const size_t *y, double reg,
                             const bp_cache *cache, bp_grads *g)
{
  const size_t N = cache->N, H = net->H, C = net->C;

  for (size_t n = 0; n < N; n++)
    {
      const double *p = gsl_matrix_const_ptr (cache->prob, n, 0);
      double *d = gsl_matrix_ptr (g->dz2, n, 0);
      for (size_t c = 0; c < C; c++)
        d[c] = p[c] / N;
      d[y[n]] -= 1.0 / N;
    }

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  for (size_t n = 0; n < N; n++)
    {
      const double *d = gsl_matrix_const_ptr (g->dz2, n, 0);
      for (size_t h = 0; h < H; h++)
        {
          double a = gsl_matrix_get (cache->p1, n, h);
          double *w = gsl_matrix_ptr (g->dW2, h, 0);
          for (size_t c = 0; c < C; c++)
            w[c] += a * d[c];
        }
      for (size_t c = 0; c < C; c++)
        *gsl_vector_ptr (g->db2, c) += d[c];
    }
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      *gsl_matrix_ptr (g->dW2, h, c) += 2 * reg * gsl_matrix_get (net->W2, h, c);
}

static void hidden_backward (const bp_net *net, const bp_cache *cache, bp_grads *g)
{
  const size_t N = cache->N, H = net->H, C = net->C;

  for (size_t n = 0; n < N; n++)
    {
      const double *d = gsl_matrix_const_ptr (g->dz2, n, 0);
      for (size_t h = 0; h < H; h++)
        {
          const double *w = gsl_matrix_const_ptr (net->W2, h, 0);
          double s = 0;
          for (size_t c = 0; c < C; c++)
            s += d[c] * w[c];
          gsl_matrix_set (g->dp1, n, h, s);
          gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0 ? s : 0.0);
        }
    }
}

/* first layer: dW1 = X^T dz1, db1 = sum of dz1 */
static void input_backward (const bp_net *net, const gsl_matrix *X, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H;

  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  for (size_t n = 0; n < N; n++)
    {
      const double *d = gsl_matrix_const_ptr (g->dz1, n, 0);
      for (size_t i = 0; i < D; i++)
        {
          double x = gsl_matrix_get (X, n, i);
          double *w = gsl_matrix_ptr (g->dW1, i, 0);
          for (size_t h = 0; h < H; h++)
            w[h] += x * d[h];
        }
      for (size_t h = 0; h < H; h++)
        *gsl_vector_ptr (g->db1, h) += d[h];
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  output_backward (net, y, reg, cache, g);
  hidden_backward (net, cache, g);
  input_backward (net, X, g);

  g->present = BP_GRADS_ALL;
  return 0;
}
