/* backward.c -- Lena Hoffmann, Übung 4 (Neuronale Netze)
 *
 * Backward pass of the 2-layer net.  One calc_* function per gradient,
 * each gets the struct g plus whatever else it needs.
 *
 * Shapes:  dz2 (N,C)  dW2 (H,C)  db2 (C)  dp1 (N,H)  dz1 (N,H)  dW1 (D,H)  db1 (H)
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void calc_dz2 (bp_grads *g, const gsl_matrix *prob, const size_t *y);
static void calc_dW2 (bp_grads *g, const gsl_matrix *p1, const gsl_matrix *W2, double reg);
static void calc_db2 (bp_grads *g);
static void calc_dp1 (bp_grads *g, const gsl_matrix *W2);
static void calc_dz1 (bp_grads *g, const gsl_matrix *z1);
static void calc_dW1 (bp_grads *g, const gsl_matrix *X, const gsl_matrix *W1, double reg);
static void calc_db1 (bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  /* W2 is used twice (dp1 and the reg of dW2), do the W2 things together */
  calc_dp1 (g, net->W2);
  calc_dz2 (g, cache->prob, y);
  calc_dW2 (g, cache->p1, net->W2, reg);
  calc_db2 (g);

  /* first layer */
  calc_dz1 (g, cache->z1);
  calc_dW1 (g, X, net->W1, reg);
  calc_db1 (g);

  g->present = BP_GRADS_ALL;
  return 0;
}

/* dz2 = (P - Y) / N */
static void
calc_dz2 (bp_grads *g, const gsl_matrix *prob, const size_t *y)
{
  size_t N = prob->size1;
  gsl_matrix_memcpy (g->dz2, prob);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (prob, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
}

/* dW2 = p1^T dz2 + 2 reg W2 */
static void
calc_dW2 (bp_grads *g, const gsl_matrix *p1, const gsl_matrix *W2, double reg)
{
  gsl_matrix_memcpy (g->dW2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, g->dz2, 2.0 * reg, g->dW2);
}

/* db2 = sum over samples of dz2 */
static void
calc_db2 (bp_grads *g)
{
  for (size_t c = 0; c < g->db2->size; c++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, c);
      double s = 0.0;
      for (size_t n = 0; n < col.vector.size; n++)
        s += gsl_vector_get (&col.vector, n);
      gsl_vector_set (g->db2, c, s);
    }
}

/* dp1 = dz2 W2^T */
static void
calc_dp1 (bp_grads *g, const gsl_matrix *W2)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, W2, 0.0, g->dp1);
}

/* relu: pass dp1 where z1 > 0 */
static void
calc_dz1 (bp_grads *g, const gsl_matrix *z1)
{
  for (size_t n = 0; n < z1->size1; n++)
    for (size_t h = 0; h < z1->size2; h++)
      gsl_matrix_set (g->dz1, n, h,
                      gsl_matrix_get (z1, n, h) > 0.0 ? gsl_matrix_get (g->dp1, n, h) : 0.0);
}

/* dW1 = X^T dz1 + 2 reg W1 */
static void
calc_dW1 (bp_grads *g, const gsl_matrix *X, const gsl_matrix *W1, double reg)
{
  gsl_matrix_memcpy (g->dW1, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
}

/* db1 = sum over samples of dz1 */
static void
calc_db1 (bp_grads *g)
{
  for (size_t h = 0; h < g->db1->size; h++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, h);
      double s = 0.0;
      for (size_t n = 0; n < col.vector.size; n++)
        s += gsl_vector_get (&col.vector, n);
      gsl_vector_set (g->db1, h, s);
    }
}
