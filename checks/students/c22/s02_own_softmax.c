// ML-C Section 3, assignment 3 -- backward()
// Tomasz W.
//
// I don't trust the cached prob (what if forward changes?), so I redo the
// softmax from the scores z2 here, with the max trick from lecture 4 so
// exp does not overflow.

#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

// A[i][j] through the raw pointer (faster than gsl_matrix_get, TA said)
#define AT(A, i, j) ((A)->data[(i) * (A)->tda + (j)])

// out = ones^T A  -> column sums, like np.sum(A, axis=0)
static void
colsum (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 0.0, out);
  gsl_vector_free (ones);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  // ---- softmax again + dz2 ----
  for (size_t i = 0; i < N; i++)
    {
      double mx = AT (cache->z2, i, 0);
      for (size_t c = 1; c < C; c++)
        if (AT (cache->z2, i, c) > mx)
          mx = AT (cache->z2, i, c);
      double denom = 0.0;
      for (size_t c = 0; c < C; c++)
        denom += exp (AT (cache->z2, i, c) - mx);
      for (size_t c = 0; c < C; c++)
        {
          double p = exp (AT (cache->z2, i, c) - mx) / denom;
          double t = (c == y[i]) ? 1.0 : 0.0;
          AT (g->dz2, i, c) = (p - t) / (double) N;
        }
    }

  // ---- second layer ----
  // dW2 = 2 reg W2 first, then += p1^T dz2 (beta = 1 keeps the reg part)
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                  g->dW2);
  colsum (g->dz2, g->db2);

  // dp1 = dz2 . W2^T
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  // ---- relu ----
  // p1 > 0 exactly when z1 > 0, so the mask can come from either one
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < H; k++)
      AT (g->dz1, i, k) = AT (cache->p1, i, k) > 0.0 ? AT (g->dp1, i, k) : 0.0;

  // ---- first layer ----
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  colsum (g->dz1, g->db1);

  (void) D;
  g->present = BP_GRADS_ALL;
  return 0;
}
