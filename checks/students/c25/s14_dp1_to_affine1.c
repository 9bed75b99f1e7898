// backward.c -- two layer net
//
// gradient flow:
//   loss -> dz2 -> [fc2] -> dp1 -> [relu] -> dz1 -> [fc1] -> dW1, db1
//
// Uses my layer helpers from part 1 (fc_backward, relu_backward).

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                                   gsl_matrix *dscores)
{
  const size_t N = probs->size1;
  gsl_matrix_memcpy (dscores, probs);
  for (size_t n = 0; n < N; n++)
    *gsl_matrix_ptr (dscores, n, y[n]) -= 1.0;
  gsl_matrix_scale (dscores, 1.0 / (double) N);
}

// dx = dout * w^T ; dw = x^T * dout + 2*reg*w ; db = colsum(dout)
static void fc_backward (const gsl_matrix *dout, const gsl_matrix *x,
                         const gsl_matrix *w, double reg,
                         gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
  gsl_matrix_memcpy (dw, w);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 2.0 * reg, dw);

  gsl_vector_set_zero (db);
  for (size_t n = 0; n < dout->size1; n++)
    for (size_t m = 0; m < dout->size2; m++)
      *gsl_vector_ptr (db, m) += gsl_matrix_get (dout, n, m);

  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
}

static void relu_backward (const gsl_matrix *dout, const gsl_matrix *x,
                           gsl_matrix *dx)
{
  for (size_t i = 0; i < x->size1; i++)
    for (size_t j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j, (gsl_matrix_get (x, i, j) > 0.0)
                                 ? gsl_matrix_get (dout, i, j) : 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  // output layer
  softmax_loss_backward (cache->prob, y, g->dz2);
  fc_backward (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);

  // hidden layer
  relu_backward (g->dp1, cache->z1, g->dz1);
  fc_backward (g->dp1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
