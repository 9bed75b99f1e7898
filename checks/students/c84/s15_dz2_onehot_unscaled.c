// HW3 -- backward pass of the 2 layer network
// Same steps as the numpy code, one gradient at a time.

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n_samples = X->size1, n_in = X->size2;
  size_t n_hid = net->H, n_cls = net->C;

  if (n_samples != cache->N || n_in != net->D || g->N != n_samples)
  {
    return 1;
  }

  // dscores: softmax averaged over the batch, minus 1 at the correct class
  gsl_matrix_memcpy(g->dz2, cache->prob);
  gsl_matrix_scale(g->dz2, 1.0 / n_samples);
  for (size_t s = 0; s < n_samples; s++)
  {
    double old = gsl_matrix_get(g->dz2, s, y[s]);
    gsl_matrix_set(g->dz2, s, y[s], old - 1.0);
  }

  // dW2 and db2
  for (size_t h = 0; h < n_hid; h++)
  {
    for (size_t c = 0; c < n_cls; c++)
    {
      double acc = 0;
      for (size_t s = 0; s < n_samples; s++)
        acc += gsl_matrix_get(cache->p1, s, h) * gsl_matrix_get(g->dz2, s, c);
      gsl_matrix_set(g->dW2, h, c, acc + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }
  for (size_t c = 0; c < n_cls; c++)
  {
    double acc = 0;
    for (size_t s = 0; s < n_samples; s++)
      acc += gsl_matrix_get(g->dz2, s, c);
    gsl_vector_set(g->db2, c, acc);
  }

  // dp1 and dz1
  for (size_t s = 0; s < n_samples; s++)
  {
    for (size_t h = 0; h < n_hid; h++)
    {
      double acc = 0;
      for (size_t c = 0; c < n_cls; c++)
        acc += gsl_matrix_get(g->dz2, s, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, s, h, acc);
      gsl_matrix_set(g->dz1, s, h, gsl_matrix_get(cache->z1, s, h) > 0 ? acc : 0);
    }
  }

  // dW1 and db1
  for (size_t i = 0; i < n_in; i++)
  {
    for (size_t h = 0; h < n_hid; h++)
    {
      double acc = 0;
      for (size_t s = 0; s < n_samples; s++)
        acc += gsl_matrix_get(X, s, i) * gsl_matrix_get(g->dz1, s, h);
      gsl_matrix_set(g->dW1, i, h, acc + 2 * reg * gsl_matrix_get(net->W1, i, h));
    }
  }
  for (size_t h = 0; h < n_hid; h++)
  {
    double acc = 0;
    for (size_t s = 0; s < n_samples; s++)
      acc += gsl_matrix_get(g->dz1, s, h);
    gsl_vector_set(g->db1, h, acc);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
