#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

/* prototypes (definitions at the end) */
int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);
static gsl_matrix *one_hot (const size_t *labels, size_t n, size_t k);
static void col_sums (const gsl_matrix *A, gsl_vector *s);
static void add_penalty (gsl_matrix *dW, const gsl_matrix *W, double reg);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;

  gsl_matrix *Y = one_hot (y, N, C);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Y);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  add_penalty (g->dW2, net->W2, reg);
  col_sums (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  gsl_matrix *mask = gsl_matrix_calloc (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (mask, i, j, 1.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_penalty (g->dW1, net->W1, reg);
  col_sums (g->dz1, g->db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (mask);
  g->present = BP_GRADS_ALL;
  return 0;
}

static gsl_matrix *
one_hot (const size_t *labels, size_t n, size_t k)
{
  gsl_matrix *Y = gsl_matrix_calloc (n, k);
  for (size_t i = 1; i < n; i++)
    gsl_matrix_set (Y, i, labels[i], 1.0);
  return Y;
}

static void
col_sums (const gsl_matrix *A, gsl_vector *s)
{
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 0.0, s);
  gsl_vector_free (ones);
}

/* dW += 2 reg W */
static void
add_penalty (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *t = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (t, W);
  gsl_matrix_scale (t, 2.0 * reg);
  gsl_matrix_add (dW, t);
  gsl_matrix_free (t);
}
