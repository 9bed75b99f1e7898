/* backward.c
 * Yusuf Demir, lab 3 (two-layer network)
 *
 * helpers: one per gradient, each gets only what it needs.
 * For the ReLU I look at p1 = relu(z1): where the unit was active
 * the gradient passes.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void softmax_backward (gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y);
static void weight_backward (gsl_matrix *dW, const gsl_matrix *in, const gsl_matrix *dout,
                             const gsl_matrix *W, double reg);
static void bias_backward (gsl_vector *db, const gsl_matrix *dout);
static void hidden_backward (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2);
static void relu_backward (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *p1);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  softmax_backward (g->dz2, cache->prob, y);
  weight_backward (g->dW2, cache->p1, g->dz2, net->W2, reg);
  bias_backward (g->db2, g->dz2);
  hidden_backward (g->dp1, g->dz2, net->W2);
  relu_backward (g->dz1, g->dp1, cache->p1);
  weight_backward (g->dW1, X, g->dz1, net->W1, reg);
  bias_backward (g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}

static void
softmax_backward (gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y)
{
  const size_t N = prob->size1;

  gsl_matrix_memcpy (dz2, prob);
  for (size_t i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (dz2, 1.0 / (double) N);
}

/* dW = in^T dout + 2 reg W */
static void
weight_backward (gsl_matrix *dW, const gsl_matrix *in, const gsl_matrix *dout,
                 const gsl_matrix *W, double reg)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);
  for (size_t i = 0; i < dW->size1; i++)
    for (size_t j = 0; j < dW->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

static void
bias_backward (gsl_vector *db, const gsl_matrix *dout)
{
  gsl_vector_set_zero (db);
  for (size_t i = 0; i < dout->size1; i++)
    for (size_t j = 0; j < dout->size2; j++)
      *gsl_vector_ptr (db, j) += gsl_matrix_get (dout, i, j);
}

static void
hidden_backward (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
relu_backward (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *p1)
{
  for (size_t i = 0; i < p1->size1; i++)
    for (size_t j = 0; j < p1->size2; j++)
      {
        double active = gsl_matrix_get (p1, i, j) >= 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (dz1, i, j, active * gsl_matrix_get (dp1, i, j));
      }
}
