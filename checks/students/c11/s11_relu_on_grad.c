/*
 * backward.c  --  PS4 Q2, backprop for TwoLayerNet
 * Name: Daniela Ortiz     Collaborators: none
 *
 * layers:
 *   z1 = X W1 + b1  -> affine
 *   p1 = relu(z1)   -> relu
 *   z2 = p1 W2 + b2 -> affine
 *   loss            -> softmax + cross entropy (+ L2)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

struct layer_grads {
  gsl_matrix *dW;
  gsl_vector *db;
};

/* ReLU: gradient flows where the unit is active, zero elsewhere */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *cache_z,
               gsl_matrix *dx)
{
  size_t i, j;
  (void) cache_z;

  for (i = 0; i < dout->size1; i++)
    for (j = 0; j < dout->size2; j++)
      {
        double d = gsl_matrix_get (dout, i, j);
        gsl_matrix_set (dx, i, j, d > 0.0 ? d : 0.0);
      }
}

static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx,
                 struct layer_grads *grads)
{
  gsl_vector *ones = gsl_vector_alloc (dout->size1);
  gsl_vector_set_all (ones, 1.0);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, grads->dW);
  gsl_blas_dgemv (CblasTrans, 1.0, dout, ones, 0.0, grads->db);
  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);

  gsl_vector_free (ones);
}

static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dx)
{
  size_t N = probs->size1, C = probs->size2, i, c;

  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      {
        double ind = (c == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (dx, i, c, (gsl_matrix_get (probs, i, c) - ind) / N);
      }
}

static void
l2_backward (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct layer_grads g1 = { g->dW1, g->db1 }, g2 = { g->dW2, g->db2 };

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);

  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, &g2);
  l2_backward (net->W2, reg, g->dW2);

  relu_backward (g->dp1, cache->z1, g->dz1);

  affine_backward (g->dz1, X, net->W1, NULL, &g1);
  l2_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
