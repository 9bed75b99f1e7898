/*
 * backward.c
 * ----------
 * Priya Raman, ML course, HW1.
 *
 * I wrote it the "layer object" way from lecture: each layer is a struct
 * with pointers to its input, its output-gradient and the gradients it has
 * to produce, and one generic function per layer type.
 *
 * NOTE: the ReLU mask uses p1 > 0 instead of z1 > 0. Same thing, since
 * p1 = max(0, z1) is > 0 exactly when z1 > 0.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
  const gsl_matrix *in;     /* layer input (N, K)          */
  const gsl_matrix *W;      /* weights (K, M)              */
  const gsl_matrix *dout;   /* upstream gradient (N, M)    */
  gsl_matrix *dW;           /* (K, M)                      */
  gsl_vector *db;           /* (M)                         */
  gsl_matrix *din;          /* (N, K), may be NULL         */
} affine_t;

static void
affine_back (affine_t *L, double reg)
{
  size_t i, j;
  /* dW = in^T dout, then the penalty */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, L->in, L->dout, 0.0, L->dW);
  for (i = 0; i < L->dW->size1; i++)
    for (j = 0; j < L->dW->size2; j++)
      *gsl_matrix_ptr (L->dW, i, j) += 2 * reg * gsl_matrix_get (L->W, i, j);
  /* db = sum over the batch */
  for (j = 0; j < L->db->size; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (L->dout, j);
      double s = 0;
      for (i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (L->db, j, s);
    }
  if (L->din)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, L->dout, L->W, 0.0, L->din);
}

static void
relu_back (const gsl_matrix *act, const gsl_matrix *dout, gsl_matrix *din)
{
  for (size_t i = 0; i < act->size1; i++)
    for (size_t j = 0; j < act->size2; j++)
      gsl_matrix_set (din, i, j,
                      gsl_matrix_get (act, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0);
}

static void
softmax_ce_back (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  size_t N = prob->size1;
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < prob->size2; j++)
      {
        double t = (j == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (dz, i, j, (gsl_matrix_get (prob, i, j) - t) / N);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_ce_back (cache->prob, y, g->dz2);

  affine_t fc2 = { cache->p1, net->W2, g->dz2, g->dW2, g->db2, g->dp1 };
  affine_back (&fc2, reg);

  relu_back (cache->p1, g->dp1, g->dz1);

  affine_t fc1 = { X, net->W1, g->dz1, g->dW1, g->db1, NULL };
  affine_back (&fc1, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
