/*  backward.c   --   Homework 4 (Machine Learning), backward pass
 *
 *  Notation as in class: Y is the N x C one-hot label matrix,
 *  P the softmax output.  Then  dL/dz2 = (P - Y) / N  and the rest
 *  is the chain rule.  Helpers return new gsl matrices (caller frees).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* ================= matrix toolbox ================= */

static gsl_matrix *Mmul(const gsl_matrix *A, CBLAS_TRANSPOSE_t ta,
                        const gsl_matrix *B, CBLAS_TRANSPOSE_t tb)
{
  size_t r = ta == CblasNoTrans ? A->size1 : A->size2;
  size_t c = tb == CblasNoTrans ? B->size2 : B->size1;
  gsl_matrix *R = gsl_matrix_alloc(r, c);
  gsl_blas_dgemm(ta, tb, 1.0, A, B, 0.0, R);
  return R;
}

static gsl_matrix *Mcopy(const gsl_matrix *A)
{
  gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
  gsl_matrix_memcpy(R, A);
  return R;
}

/* A - B */
static gsl_matrix *Msub(const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = Mcopy(A);
  gsl_matrix_sub(R, B);
  return R;
}

/* A + s*B */
static gsl_matrix *Madds(const gsl_matrix *A, double s, const gsl_matrix *B)
{
  gsl_matrix *R = Mcopy(B);
  gsl_matrix_scale(R, s);
  gsl_matrix_add(R, A);
  return R;
}

static gsl_matrix *Mscale(const gsl_matrix *A, double s)
{
  gsl_matrix *R = Mcopy(A);
  gsl_matrix_scale(R, s);
  return R;
}

static gsl_matrix *Mstep(const gsl_matrix *Z)   /* heaviside(Z) */
{
  gsl_matrix *R = gsl_matrix_alloc(Z->size1, Z->size2);
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set(R, i, j, gsl_matrix_get(Z, i, j) > 0 ? 1.0 : 0.0);
  return R;
}

static gsl_matrix *Mhad(const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = Mcopy(A);
  gsl_matrix_mul_elements(R, B);
  return R;
}

static gsl_vector *Vcolsum(const gsl_matrix *A)
{
  gsl_vector *v = gsl_vector_calloc(A->size2);
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_vector_set(v, j, gsl_vector_get(v, j) + gsl_matrix_get(A, i, j));
  return v;
}

/* one-hot encoding: n samples, k classes */
static gsl_matrix *Monehot(const size_t *labels, size_t n, size_t k)
{
  gsl_matrix *Y = gsl_matrix_calloc(n, k);
  size_t i;
  for (i = 0; i < k; i++)
    gsl_matrix_set(Y, i, labels[i], 1.0);
  return Y;
}

/* ================= backward ================= */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *Y   = Monehot(y, N, net->C);
  gsl_matrix *dz2 = Mscale(Msub(cache->prob, Y), 1.0 / (double) N);

  gsl_matrix *dW2 = Madds(Mmul(cache->p1, CblasTrans, dz2, CblasNoTrans),
                          2.0 * reg, net->W2);
  gsl_vector *db2 = Vcolsum(dz2);

  gsl_matrix *dp1 = Mmul(dz2, CblasNoTrans, net->W2, CblasTrans);
  gsl_matrix *dz1 = Mhad(dp1, Mstep(cache->z1));

  gsl_matrix *dW1 = Madds(Mmul(X, CblasTrans, dz1, CblasNoTrans),
                          2.0 * reg, net->W1);
  gsl_vector *db1 = Vcolsum(dz1);

  gsl_matrix_memcpy(g->dz2, dz2);
  gsl_matrix_memcpy(g->dW2, dW2);
  gsl_vector_memcpy(g->db2, db2);
  gsl_matrix_memcpy(g->dp1, dp1);
  gsl_matrix_memcpy(g->dz1, dz1);
  gsl_matrix_memcpy(g->dW1, dW1);
  gsl_vector_memcpy(g->db1, db1);

  /* TODO free the temporaries from the nested calls */
  gsl_matrix_free(Y);
  gsl_matrix_free(dz2); gsl_matrix_free(dW2); gsl_vector_free(db2);
  gsl_matrix_free(dp1); gsl_matrix_free(dz1);
  gsl_matrix_free(dW1); gsl_vector_free(db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
