// assignment 3: backward pass
// JS background -- I built a tiny "array library" first (forEach/map style
// helpers taking function pointers), then wrote the backward pass with it.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// ---- mini array lib ----
typedef double (*mapFn)(double value);

// dst = fn(src), element by element (dst may be src)
static void mapInto(gsl_matrix *dst, const gsl_matrix *src, mapFn fn)
{
  for (size_t r = 0; r < src->size1; r++)
    for (size_t c = 0; c < src->size2; c++)
      gsl_matrix_set(dst, r, c, fn(gsl_matrix_get(src, r, c)));
}

// out = column sums (like reduce over the rows)
static void reduceRows(const gsl_matrix *m, gsl_vector *out)
{
  for (size_t c = 0; c < m->size2; c++) {
    double total = 0;
    for (size_t r = 0; r < m->size1; r++) total += gsl_matrix_get(m, r, c);
    gsl_vector_set(out, c, total);
  }
}

static double relu(double v) { return v > 0 ? v : 0; }

// ---- backward ----
int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  // dScores = (probs - oneHot) / N
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++) {
    const double p = gsl_matrix_get(g->dz2, i, y[i]);
    gsl_matrix_set(g->dz2, i, y[i], p - 1);
  }
  gsl_matrix_scale(g->dz2, 1.0 / (double)N);

  // output layer params
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  reduceRows(g->dz2, g->db2);

  // back into the hidden layer
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // backprop through relu: negatives get zeroed, same as the forward pass
  mapInto(g->dz1, g->dp1, relu);

  // first layer params
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  reduceRows(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
