/* backward.c  (Ruth Adeyemi, DL course, sheet 3)
 *
 *  forward:  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2,  softmax
 *  backward: one function per gradient below, called in backprop order.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
compute_dz2 (gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y, size_t N)
{
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < prob->size2; c++)
      {
        double v = gsl_matrix_get (prob, i, c) - (c == y[i] ? 1.0 : 0.0);
        gsl_matrix_set (dz2, i, c, v / (double) N);
      }
}

static void
compute_dW2 (gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2,
             const gsl_matrix *W2, double reg)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 0.0, dW2);
  for (size_t h = 0; h < dW2->size1; h++)
    for (size_t c = 0; c < dW2->size2; c++)
      *gsl_matrix_ptr (dW2, h, c) += 2.0 * reg * gsl_matrix_get (W2, h, c);
}

/* db2: add all rows into row 0 and copy that out (no extra allocation) */
static void
compute_db2 (gsl_vector *db2, gsl_matrix *dz2)
{
  gsl_vector_view acc = gsl_matrix_row (dz2, 0);
  for (size_t i = 1; i < dz2->size1; i++)
    {
      gsl_vector_view r = gsl_matrix_row (dz2, i);
      gsl_vector_add (&acc.vector, &r.vector);
    }
  gsl_vector_memcpy (db2, &acc.vector);
}

static void
compute_dp1 (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
compute_dz1 (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
  for (size_t i = 0; i < dz1->size1; i++)
    for (size_t h = 0; h < dz1->size2; h++)
      gsl_matrix_set (dz1, i, h,
                      gsl_matrix_get (z1, i, h) > 0 ? gsl_matrix_get (dp1, i, h) : 0);
}

static void
compute_dW1 (gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1,
             const gsl_matrix *W1, double reg)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 0.0, dW1);
  for (size_t d = 0; d < dW1->size1; d++)
    for (size_t h = 0; h < dW1->size2; h++)
      *gsl_matrix_ptr (dW1, d, h) += 2.0 * reg * gsl_matrix_get (W1, d, h);
}

static void
compute_db1 (gsl_vector *db1, const gsl_matrix *dz1)
{
  gsl_vector_set_zero (db1);
  for (size_t i = 0; i < dz1->size1; i++)
    for (size_t h = 0; h < dz1->size2; h++)
      *gsl_vector_ptr (db1, h) += gsl_matrix_get (dz1, i, h);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  compute_dz2 (g->dz2, cache->prob, y, N);
  compute_dW2 (g->dW2, cache->p1, g->dz2, net->W2, reg);
  compute_db2 (g->db2, g->dz2);
  compute_dp1 (g->dp1, g->dz2, net->W2);
  compute_dz1 (g->dz1, g->dp1, cache->z1);
  compute_dW1 (g->dW1, X, g->dz1, net->W1, reg);
  compute_db1 (g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
