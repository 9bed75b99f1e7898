/* Oh Sungmin
 * HW2 - two layer net, backward pass.
 * Notation: dz2 = dL/dz2 etc, shapes as in the handout. */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db = 1^T dZ */
static void
bias_backward (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t r, c;

  gsl_vector_set_zero (db);
  for (r = 0; r < dZ->size1; r++)
    for (c = 0; c < dZ->size2; c++)
      *gsl_vector_ptr (db, c) += gsl_matrix_get (dZ, r, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t r, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* (N,C) */
  for (r = 0; r < N; r++)
    for (c = 0; c < net->C; c++)
      {
        double p = gsl_matrix_get (cache->prob, r, c);
        if (c == y[r])
          p -= 1.0;
        gsl_matrix_set (g->dz2, r, c, p / N);
      }

  /* (H,C) and (C) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  bias_backward (g->dz2, g->db2);

  /* (N,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);

  /* (N,H), relu */
  for (r = 0; r < N; r++)
    for (c = 0; c < net->H; c++)
      gsl_matrix_set (g->dz1, r, c,
                      gsl_matrix_get (cache->z1, r, c) > 0.0
                      ? gsl_matrix_get (g->dp1, r, c) : 0.0);

  /* (D,H) and (H) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dp1,
                  2.0 * reg, g->dW1);
  bias_backward (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
