/*
 * backward.c  --  hw2
 *
 * I keep the unscaled (prob - onehot) in a temporary and put the 1/N
 * into alpha of each BLAS call instead of scaling dz2 first.
 * dz2 itself is stored scaled at the end.
 */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

#define INV_N  (1.0 / (double) N)
#define TWO_REG (2.0 * reg)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_matrix *d = gsl_matrix_alloc (N, net->C);   /* prob - onehot, NOT /N */
  gsl_vector *one = gsl_vector_alloc (N);
  double *p;

  gsl_vector_set_all (one, 1.0);
  gsl_matrix_memcpy (d, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (d, i, y[i]) -= 1.0;

  /* dW2 = (1/N) p1' d + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, INV_N, cache->p1, d, TWO_REG, g->dW2);
  /* db2 = (1/N) d' 1 */
  gsl_blas_dgemv (CblasTrans, INV_N, d, one, 0.0, g->db2);
  /* dp1 = (1/N) d W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, INV_N, d, net->W2, 0.0, g->dp1);

  /* relu: keep dp1 only where z1 was positive */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N * net->H; i++)
    {
      p = gsl_matrix_ptr (g->dz1, i / net->H, i % net->H);
      if (gsl_matrix_get (cache->z1, i / net->H, i % net->H) <= 0.0)
        *p = 0.0;
    }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, TWO_REG, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  /* now store dz2 = d / N */
  gsl_matrix_memcpy (g->dz2, d);
  gsl_matrix_scale (g->dz2, INV_N);

  gsl_matrix_free (d);
  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
