/* HW 4 -- backpropagation for a 2-layer MLP, GSL version.
 * (compiles with -Wall -Wextra clean; tested on the toy net from class)
 *
 * Softmax + cross-entropy, per sample:
 *     l = -z_y + log sum_k exp(z_k)
 *     dl/dz_k = -[k == y] + exp(z_k) / sum exp = p_k - [k == y]
 * then average over the batch -> divide by N.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* M[i,j] = 1 if Z[i,j] > 0 else 0 */
static void
relu_mask (const gsl_matrix *Z, gsl_matrix *M)
{
  size_t n = Z->size1 * Z->size2, k;
  for (k = 0; k < n; k++)
    M->data[(k / Z->size2) * M->tda + k % Z->size2] =
      Z->data[(k / Z->size2) * Z->tda + k % Z->size2] > 0.0 ? 1.0 : 0.0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_vector *e = gsl_vector_alloc (N);
  gsl_matrix *M = gsl_matrix_alloc (N, net->H);

  gsl_vector_set_all (e, 1.0);

  /* ---- output layer ---- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) += 1.0;      /* the [k == y] term */
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, e, 0.0, g->db2);

  /* ---- hidden layer ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  relu_mask (cache->z1, M);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, M);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, e, 0.0, g->db1);

  /* ---- L2: d/dW reg*||W||^2 = 2*reg*W ---- */
  {
    gsl_matrix *t = gsl_matrix_alloc (net->H, net->C);
    gsl_matrix_memcpy (t, net->W2);
    gsl_matrix_scale (t, 2.0 * reg);
    gsl_matrix_add (g->dW2, t);
    gsl_matrix_free (t);
    t = gsl_matrix_alloc (net->D, net->H);
    gsl_matrix_memcpy (t, net->W1);
    gsl_matrix_scale (t, 2.0 * reg);
    gsl_matrix_add (g->dW1, t);
    gsl_matrix_free (t);
  }

  gsl_matrix_free (M);
  gsl_vector_free (e);
  g->present = BP_GRADS_ALL;
  return 0;
}
