/* backward.c -- NM 5310, HW 4, Problem 3 (backprop)
 *
 * Chain rule through the net, one layer at a time.  For the ReLU,
 *     p = max(0, z)  =>  dp/dz = 1 where the unit is active, 0 otherwise,
 * and "active" can be read off the output p1 as well as off z1, so I use
 * p1 and do not need z1 at all.
 *
 * Affine layer Z = A W + 1 b':
 *     dA = dZ W',  dW = A' dZ,  db = dZ' 1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dZ = dP * relu'(.), with the active set read off the activation P */
static void
relu_grad (const gsl_matrix *dP, const gsl_matrix *P, gsl_matrix *dZ)
{
  size_t i, j;
  for (i = 0; i < P->size1; i++)
    for (j = 0; j < P->size2; j++)
      {
        double d = 0.0;
        if (gsl_matrix_get (P, i, j) >= 0.0)
          d = gsl_matrix_get (dP, i, j);
        gsl_matrix_set (dZ, i, j, d);
      }
}

/* dW = A' dZ + 2 reg W ;  db = dZ' 1 */
static void
affine_param_grads (const gsl_matrix *A, const gsl_matrix *dZ,
                    const gsl_matrix *W, double reg,
                    gsl_matrix *dW, gsl_vector *db, const gsl_vector *one)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
  gsl_blas_dgemv (CblasTrans, 1.0, dZ, one, 0.0, db);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i;
  gsl_vector *one = gsl_vector_alloc (N);
  gsl_vector_set_all (one, 1.0);

  /* softmax-CE */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* affine 2 */
  affine_param_grads (cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2, one);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  relu_grad (g->dp1, cache->p1, g->dz1);

  /* affine 1 (dX not needed) */
  affine_param_grads (X, g->dz1, net->W1, reg, g->dW1, g->db1, one);

  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
