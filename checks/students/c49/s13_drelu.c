/* Two-layer net: backward pass.  (ML 2nd assignment)
 *
 * d/dz relu(z) is written drelu(Z) below and applied elementwise:
 *    dz1 = dp1 (.) drelu(z1)
 * The helper functions allocate; I free at the end of backward().
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *matmul(const gsl_matrix *a, CBLAS_TRANSPOSE_t ta,
                          const gsl_matrix *b, CBLAS_TRANSPOSE_t tb)
{ gsl_matrix *c = gsl_matrix_alloc(ta == CblasTrans ? a->size2 : a->size1,
                                   tb == CblasTrans ? b->size1 : b->size2);
  gsl_blas_dgemm(ta, tb, 1.0, a, b, 0.0, c);
  return c; }

static gsl_matrix *plus(const gsl_matrix *a, const gsl_matrix *b)
{ gsl_matrix *c = gsl_matrix_alloc(a->size1, a->size2);
  gsl_matrix_memcpy(c, a); gsl_matrix_add(c, b);
  return c; }

static gsl_matrix *times(double s, const gsl_matrix *a)
{ gsl_matrix *c = gsl_matrix_alloc(a->size1, a->size2);
  gsl_matrix_memcpy(c, a); gsl_matrix_scale(c, s);
  return c; }

static gsl_matrix *ewmul(const gsl_matrix *a, const gsl_matrix *b)
{ gsl_matrix *c = gsl_matrix_alloc(a->size1, a->size2);
  gsl_matrix_memcpy(c, a); gsl_matrix_mul_elements(c, b);
  return c; }

static gsl_matrix *drelu(const gsl_matrix *z)
{ gsl_matrix *d = gsl_matrix_alloc(z->size1, z->size2);
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++)
      gsl_matrix_set(d, i, j, GSL_MAX(0.0, gsl_matrix_get(z, i, j)));
  return d; }

static gsl_vector *colsum(const gsl_matrix *a)
{ gsl_vector *s = gsl_vector_calloc(a->size2);
  for (size_t i = 0; i < a->size1; i++) {
    gsl_vector_const_view r = gsl_matrix_const_row(a, i);
    gsl_vector_add(s, &r.vector); }
  return s; }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* dz2 */
  gsl_matrix *Y = gsl_matrix_calloc(N, net->C);
  for (size_t i = 0; i < N; i++) gsl_matrix_set(Y, i, y[i], 1.0);
  gsl_matrix *dz2 = times(1.0 / N, plus(cache->prob, times(-1.0, Y)));

  /* output layer params */
  gsl_matrix *dW2 = plus(matmul(cache->p1, CblasTrans, dz2, CblasNoTrans),
                         times(2 * reg, net->W2));
  gsl_vector *db2 = colsum(dz2);

  /* through W2 and the relu */
  gsl_matrix *dp1 = matmul(dz2, CblasNoTrans, net->W2, CblasTrans);
  gsl_matrix *dr  = drelu(cache->z1);
  gsl_matrix *dz1 = ewmul(dp1, dr);

  /* first layer params */
  gsl_matrix *dW1 = plus(matmul(X, CblasTrans, dz1, CblasNoTrans),
                         times(2 * reg, net->W1));
  gsl_vector *db1 = colsum(dz1);

  gsl_matrix_memcpy(g->dz2, dz2); gsl_matrix_memcpy(g->dW2, dW2);
  gsl_vector_memcpy(g->db2, db2); gsl_matrix_memcpy(g->dp1, dp1);
  gsl_matrix_memcpy(g->dz1, dz1); gsl_matrix_memcpy(g->dW1, dW1);
  gsl_vector_memcpy(g->db1, db1);

  gsl_matrix_free(Y);   gsl_matrix_free(dz2); gsl_matrix_free(dW2);
  gsl_vector_free(db2); gsl_matrix_free(dp1); gsl_matrix_free(dr);
  gsl_matrix_free(dz1); gsl_matrix_free(dW1); gsl_vector_free(db1);
  g->present = BP_GRADS_ALL;
  return 0;
}
