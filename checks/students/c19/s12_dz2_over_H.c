/* backward.c -- Emil Strand
 *
 * "Layer" style: each gradient is produced by the backward of the layer it
 * belongs to.  The helpers are declared here and defined under backward().
 *
 *   softmax_grad     -> dz2        hidden_grad  -> dp1
 *   out_weight_grad  -> dW2        relu_grad    -> dz1
 *   bias_grad        -> db2, db1   in_weight_grad -> dW1
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void softmax_grad (gsl_matrix *dz2, const gsl_matrix *prob,
                          const size_t *y, size_t batch);
static void out_weight_grad (gsl_matrix *dW2, const gsl_matrix *p1,
                             const gsl_matrix *dz2, const gsl_matrix *W2, double reg);
static void bias_grad (gsl_vector *db, const gsl_matrix *dz);
static void hidden_grad (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2);
static void relu_grad (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1);
static void in_weight_grad (gsl_matrix *dW1, const gsl_matrix *X,
                            const gsl_matrix *dz1, const gsl_matrix *W1, double reg);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;

  if (cache->N != N || cache->H != H)
    return 1;

  softmax_grad (g->dz2, cache->prob, y, H);
  out_weight_grad (g->dW2, cache->p1, g->dz2, net->W2, reg);
  bias_grad (g->db2, g->dz2);
  hidden_grad (g->dp1, g->dz2, net->W2);
  relu_grad (g->dz1, g->dp1, cache->z1);
  in_weight_grad (g->dW1, X, g->dz1, net->W1, reg);
  bias_grad (g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}

/* mean over the batch of d(-log p_y)/dz = p - onehot */
static void
softmax_grad (gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y,
              size_t batch)
{
  gsl_matrix_memcpy (dz2, prob);
  for (size_t i = 0; i < prob->size1; i++)
    gsl_matrix_set (dz2, i, y[i], gsl_matrix_get (dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (dz2, 1.0 / (double) batch);
}

static void
out_weight_grad (gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2,
                 const gsl_matrix *W2, double reg)
{
  gsl_matrix_memcpy (dW2, W2);
  gsl_matrix_scale (dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 1.0, dW2);
}

static void
bias_grad (gsl_vector *db, const gsl_matrix *dz)
{
  for (size_t j = 0; j < dz->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < dz->size1; i++)
        s += gsl_matrix_get (dz, i, j);
      gsl_vector_set (db, j, s);
    }
}

static void
hidden_grad (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
relu_grad (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
  gsl_matrix_memcpy (dz1, dp1);
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t j = 0; j < z1->size2; j++)
      if (gsl_matrix_get (z1, i, j) <= 0.0)
        gsl_matrix_set (dz1, i, j, 0.0);
}

static void
in_weight_grad (gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1,
                const gsl_matrix *W1, double reg)
{
  gsl_matrix_memcpy (dW1, W1);
  gsl_matrix_scale (dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 1.0, dW1);
}
