/* backward.c  (two-layer net)
 *
 * Bias gradients are accumulated sample by sample in the same loop that
 * does the relu, so dz1 only has to be walked once.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

typedef struct
{
  const gsl_matrix *in;   /* what went into the layer */
  const gsl_matrix *W;
} LayerCache;

static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = probs->size1, C = probs->size2;
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (dscores, n, c,
                      (gsl_matrix_get (probs, n, c) - (c == y[n] ? 1.0 : 0.0))
                      / (double) N);
}

/* dW = in^T dout + 2 reg W,  dIn = dout W^T */
static void
affine_backward (const gsl_matrix *dout, const LayerCache *lc, double reg,
                 gsl_matrix *din, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, lc->W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, lc->in, dout, 2.0 * reg, dW);
  if (din)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, lc->W, 0.0, din);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  LayerCache l1 = { X, net->W1 }, l2 = { cache->p1, net->W2 };

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, &l2, reg, g->dp1, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      *gsl_vector_ptr (g->db2, c) += gsl_matrix_get (g->dz2, n, c);

  /* relu backward + db1 in one pass */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double d = gsl_matrix_get (cache->z1, n, h) > 0
          ? gsl_matrix_get (g->dp1, n, h) : 0.0;
        gsl_matrix_set (g->dz1, n, h, d);
        *gsl_vector_ptr (g->db1, h) += d;
      }

  affine_backward (g->dz1, &l1, reg, NULL, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
