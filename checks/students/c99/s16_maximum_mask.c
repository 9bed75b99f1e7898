// backward.c -- bootcamp, neural nets day 2
// numpy names for the helpers: np_dot, np_transpose, np_maximum_mask, np_sum_axis0

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *np_dot(const gsl_matrix *a, const gsl_matrix *b)
{
  gsl_matrix *c = gsl_matrix_alloc(a->size1, b->size2);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, a, b, 0.0, c);
  return c;
}

static gsl_matrix *np_transpose(const gsl_matrix *a)
{
  gsl_matrix *t = gsl_matrix_alloc(a->size2, a->size1);
  gsl_matrix_transpose_memcpy(t, a);
  return t;
}

// np.maximum(0, z) -- the relu, used as the mask for the backward
static gsl_matrix *np_maximum_mask(const gsl_matrix *z)
{
  gsl_matrix *m = gsl_matrix_alloc(z->size1, z->size2);
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++) {
      double v = gsl_matrix_get(z, i, j);
      gsl_matrix_set(m, i, j, v > 0 ? v : 0.0);
    }
  return m;
}

static gsl_vector *np_sum_axis0(const gsl_matrix *a)
{
  gsl_vector *s = gsl_vector_calloc(a->size2);
  for (size_t i = 0; i < a->size1; i++) {
    gsl_vector_const_view r = gsl_matrix_const_row(a, i);
    gsl_vector_add(s, &r.vector);
  }
  return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  // dscores
  gsl_matrix *dscores = gsl_matrix_alloc(N, net->C);
  gsl_matrix_memcpy(dscores, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
  gsl_matrix_scale(dscores, 1.0 / (double)N);
  gsl_matrix_memcpy(g->dz2, dscores);

  // W2, b2
  gsl_matrix *p1T = np_transpose(cache->p1);
  gsl_matrix *dW2 = np_dot(p1T, dscores);
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_matrix_scale(g->dW2, 2.0 * reg);
  gsl_matrix_add(g->dW2, dW2);
  gsl_vector *db2 = np_sum_axis0(dscores);
  gsl_vector_memcpy(g->db2, db2);

  // hidden
  gsl_matrix *W2T = np_transpose(net->W2);
  gsl_matrix *dhidden = np_dot(dscores, W2T);
  gsl_matrix_memcpy(g->dp1, dhidden);

  // relu backward
  gsl_matrix *mask = np_maximum_mask(cache->z1);
  gsl_matrix_mul_elements(dhidden, mask);
  gsl_matrix_memcpy(g->dz1, dhidden);

  // W1, b1
  gsl_matrix *XT = np_transpose(X);
  gsl_matrix *dW1 = np_dot(XT, dhidden);
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_matrix_scale(g->dW1, 2.0 * reg);
  gsl_matrix_add(g->dW1, dW1);
  gsl_vector *db1 = np_sum_axis0(dhidden);
  gsl_vector_memcpy(g->db1, db1);

  gsl_matrix_free(dscores); gsl_matrix_free(p1T); gsl_matrix_free(dW2);
  gsl_vector_free(db2); gsl_matrix_free(W2T); gsl_matrix_free(dhidden);
  gsl_matrix_free(mask); gsl_matrix_free(XT); gsl_matrix_free(dW1);
  gsl_vector_free(db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
