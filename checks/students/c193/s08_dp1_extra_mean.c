/* backward.c
 * Two-layer net: z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2.
 * Each gradient is followed by SHAPE(); with -DDEBUG the matrices are
 * dumped to stderr so I can compare with my numpy version. */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define SHAPE(m, r, c)                                                 \
  do {                                                                 \
    if ((m)->size1 != (r) || (m)->size2 != (c)) {                      \
      fprintf (stderr, "%s: %zux%zu, want %zux%zu\n", #m,              \
               (m)->size1, (m)->size2, (size_t) (r), (size_t) (c));    \
      return 1;                                                        \
    }                                                                  \
  } while (0)

#ifdef DEBUG
#define DUMP(m) do { fprintf (stderr, "%s =\n", #m); \
                     gsl_matrix_fprintf (stderr, (m), "%.6f"); } while (0)
#else
#define DUMP(m) ((void) 0)
#endif

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dL/dz2 = (softmax - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  SHAPE (g->dz2, N, C);
  DUMP (g->dz2);

  /* dL/dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  SHAPE (g->dW2, H, C);

  /* dL/db2 */
  for (j = 0; j < C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }
  if (g->db2->size != C)
    return 1;

  /* dL/dp1 = dz2 W2', averaged over the batch */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0 / (double) N, g->dz2, net->W2, 0.0, g->dp1);
  SHAPE (g->dp1, N, H);
  DUMP (g->dp1);

  /* dL/dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0.0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);
  SHAPE (g->dz1, N, H);

  /* dL/dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  SHAPE (g->dW1, D, H);
  DUMP (g->dW1);

  /* dL/db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }
  if (g->db1->size != H)
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
