/* backward.c  (two-layer net, from my numpy notebook)
 *
 *  probs  = softmax(scores)                      -> recomputed here
 *  dscores = (probs - Y) / N
 *  dW2 = h.T dscores + 2 reg W2,   db2 = sum(dscores, 0)
 *  dh  = dscores W2.T,  dz = dh * (z1 > 0)
 *  dW1 = X.T dz + 2 reg W1,        db1 = sum(dz, 0)
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B */
static void
matmul_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* out = A B^T */
static void
matmul_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, out);
}

/* out = column sums of A */
static void
sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 0.0, out);
  gsl_vector_free (ones);
}

/* W += alpha * V   (matrix) */
static void
add_inplace (gsl_matrix *W, const gsl_matrix *V, double alpha)
{
  size_t i;
  for (i = 0; i < W->size1; i++)
    {
      gsl_vector_view w = gsl_matrix_row (W, i);
      gsl_vector_const_view v = gsl_matrix_const_row (V, i);
      gsl_blas_daxpy (alpha, &v.vector, &w.vector);
    }
}

/* w += alpha * v   (vector) */
static void
add_inplace_vec (gsl_vector *w, const gsl_vector *v, double alpha)
{
  gsl_blas_daxpy (alpha, v, w);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, i, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* probs = softmax(scores), with the max trick */
  gsl_matrix *probs = gsl_matrix_alloc (N, C);
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (cache->z2, i, 0), z = 0.0;
      for (k = 1; k < C; k++)
        m = fmax (m, gsl_matrix_get (cache->z2, i, k));
      for (k = 0; k < C; k++)
        {
          double e = exp (gsl_matrix_get (cache->z2, i, k) - m);
          gsl_matrix_set (probs, i, k, e);
          z += e;
        }
      gsl_vector_view r = gsl_matrix_row (probs, i);
      gsl_vector_scale (&r.vector, 1.0 / z);
    }

  /* Y = onehot(y) */
  gsl_matrix *Y = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);

  /* dscores */
  gsl_matrix_memcpy (g->dz2, probs);
  add_inplace (g->dz2, Y, -1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* layer 2 */
  matmul_tn (cache->p1, g->dz2, g->dW2);
  add_inplace (g->dW2, net->W2, 2.0 * reg);
  sum_axis0 (g->dz2, g->db2);

  /* dh, then the relu */
  matmul_nt (g->dz2, net->W2, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (k = 0; k < net->H; k++)
      if (!(gsl_matrix_get (cache->z1, i, k) > 0.0))
        gsl_matrix_set (g->dz1, i, k, 0.0);

  /* layer 1 */
  matmul_tn (X, g->dz1, g->dW1);
  add_inplace (g->dW1, net->W1, 2.0 * reg);
  sum_axis0 (g->dz1, g->db1);
  add_inplace_vec (g->db1, net->b1, 2.0 * reg);

  gsl_matrix_free (probs);
  gsl_matrix_free (Y);

  g->present = BP_GRADS_ALL;
  return 0;
}
