/*
 * backward.c  --  Assignment 5 (C track)
 *
 * Uses BLAS for all the products.  My little "matlib" helpers are at the
 * top, copied from my solution to assignment 3 (matrix calculator).
 *
 * Trick from the forum: put the regularisation into dW first and let dgemm
 * add the data part on top (beta = 1), saves a temporary.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* ------------------------------------------------------------------ */
/* matlib                                                             */
/* ------------------------------------------------------------------ */

/* C = alpha * A' B + beta * C */
static void
matlib_AtB (double alpha, const gsl_matrix *A, const gsl_matrix *B,
            double beta, gsl_matrix *Cm)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, alpha, A, B, beta, Cm);
}

/* C = A B' */
static void
matlib_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, Cm);
}

/* out = sum over the rows of A  (i.e. A' * ones) */
static void
matlib_colsum (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 0.0, out);
  gsl_vector_free (ones);
}

/* ------------------------------------------------------------------ */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    *gsl_matrix_ptr (g->dz2, n, y[n]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* 2. dW2 = 2 reg W2 + p1' dz2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  matlib_AtB (1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* 3. db2 */
  matlib_colsum (g->dz2, g->db2);

  /* 4. dp1 = dz2 W2' */
  matlib_ABt (g->dz2, net->W2, g->dp1);

  /* 5. dz1: relu let it through where the output is positive
   *    (p1 > 0 exactly when z1 > 0) */
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      {
        double d = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h,
                        gsl_matrix_get (cache->p1, n, h) > 0 ? d : 0.0);
      }

  /* 6. dW1 = 2 reg W1 + X' dz1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  matlib_AtB (1.0, X, g->dz1, 1.0, g->dW1);

  /* 7. db1 */
  matlib_colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
