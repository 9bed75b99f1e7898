/* HW3: backward pass of the two-layer network */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set
#define NROWS(m) ((m)->size1)
#define NCOLS(m) ((m)->size2)

/* v = sum over rows of m */
#define ROWSUM(m, v)                                          \
  do {                                                        \
    size_t r_, c_;                                            \
    for (c_ = 0; c_ < NCOLS (m); c_++) {                      \
      double s_ = 0.0;                                        \
      for (r_ = 0; r_ < NROWS (m); r_++)                      \
        s_ += GET ((m), r_, c_);                              \
      gsl_vector_set ((v), c_, s_);                           \
    }                                                         \
  } while (0)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = NROWS (X), i, j;

  if (N != cache->N || NCOLS (X) != net->D || g->N != N)
    return 1;

  /* dscores = (probs - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < NCOLS (g->dz2); j++)
      SET (g->dz2, i, j, (GET (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N);

  /* dW2 and db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  ROWSUM (g->dz2, g->db2);

  /* dhidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: zero where the unit was off */
  for (i = 0; i < N; i++)
    for (j = 0; j < NCOLS (g->dz1); j++)
      SET (g->dz1, i, j, GET (cache->z1, i, j) > 0 ? GET (g->dp1, i, j) : 0.0);

  /* dW1 and db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  ROWSUM (g->dp1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
