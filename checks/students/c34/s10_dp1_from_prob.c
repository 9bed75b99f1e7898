/* backward.c -- Project 2, backprop through the 2-layer net
 *
 * Same structure as the numpy version from the assignment:
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   dW2 = a1.T @ dscores + 2*reg*W2;  db2 = dscores.sum(axis=0)
 *   da1 = dscores @ W2.T;  dz1 = da1 * (z1 > 0)
 *   dW1 = X.T @ dz1 + 2*reg*W1;  db1 = dz1.sum(axis=0)
 */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dscores = (probs - onehot) / N */
static void
dscores_compute (const gsl_matrix *probs, const size_t *y, gsl_matrix *dscores)
{
  const size_t N = probs->size1;
  gsl_matrix_memcpy (dscores, probs);
  for (size_t i = 0; i < N; ++i)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / (double) N);
}

/* dW = A.T @ dZ + 2 reg W */
static void
dW_compute (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
            double reg, gsl_matrix *dW)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
}

/* db = dZ.sum(axis=0) */
static void
db_compute (const gsl_matrix *dZ, gsl_vector *db)
{
  for (size_t j = 0; j < dZ->size2; ++j)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dZ, j);
      double s = 0.0;
      for (size_t i = 0; i < col.vector.size; ++i)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db, j, s);
    }
}

/* dA = dZ @ W.T */
static void
dA_compute (const gsl_matrix *dZ, const gsl_matrix *W, gsl_matrix *dA)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dA);
}

/* dz1 = da1 * (z1 > 0) */
static void
relu_backward (const gsl_matrix *da1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  for (size_t i = 0; i < z1->size1; ++i)
    for (size_t j = 0; j < z1->size2; ++j)
      gsl_matrix_set (dz1, i, j,
                      gsl_matrix_get (z1, i, j) > 0 ? gsl_matrix_get (da1, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dscores_compute (cache->prob, y, g->dz2);
  dW_compute (cache->p1, g->dz2, net->W2, reg, g->dW2);
  db_compute (g->dz2, g->db2);

  dA_compute (cache->prob, net->W2, g->dp1);
  relu_backward (g->dp1, cache->z1, g->dz1);

  dW_compute (X, g->dz1, net->W1, reg, g->dW1);
  db_compute (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
