/*
 * backward.c -- HW2
 * helpers: mm() from hw1.  mm(C, A, B, ta, tb): C = op(A) op(B)
 * (note: output FIRST, like in the lecture notes)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static int
mm (gsl_matrix *C, const gsl_matrix *A, const gsl_matrix *B, int ta, int tb)
{
  return gsl_blas_dgemm (ta ? CblasTrans : CblasNoTrans,
                         tb ? CblasTrans : CblasNoTrans, 1.0, A, B, 0.0, C);
}

/* v = 1^T A */
static void
sum_rows_into (gsl_vector *v, const gsl_matrix *A)
{
  size_t i;
  gsl_vector_set_zero (v);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, i);
      gsl_vector_add (v, &row.vector);
    }
}

/* A = A + alpha B */
static void
acc (gsl_matrix *A, double alpha, const gsl_matrix *B)
{
  gsl_matrix *t = gsl_matrix_alloc (B->size1, B->size2);
  gsl_matrix_memcpy (t, B);
  gsl_matrix_scale (t, alpha);
  gsl_matrix_add (A, t);
  gsl_matrix_free (t);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, n, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    *gsl_matrix_ptr (g->dz2, n, y[n]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* layer 2: z2 = h W2 + b2, h is the hidden layer */
  mm (g->dW2, cache->z1, g->dz2, 1, 0);
  acc (g->dW2, 2.0 * reg, net->W2);
  sum_rows_into (g->db2, g->dz2);

  mm (g->dp1, g->dz2, net->W2, 0, 1);

  /* relu */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
        gsl_matrix_set (g->dz1, n, h, 0.0);

  /* layer 1 */
  mm (g->dW1, X, g->dz1, 1, 0);
  acc (g->dW1, 2.0 * reg, net->W1);
  sum_rows_into (g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
