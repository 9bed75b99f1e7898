/* backward.c -- backward pass for TwoLayerNet
 *
 * My forward pass keeps its results in a struct with my own names, so I
 * copy the pointers from bp_cache into the same struct here and the
 * backward functions take the same names as the forward ones.
 *
 *   hidden_pre = X W1 + b1        hidden = relu(hidden_pre)
 *   scores = hidden W2 + b2       probs = softmax(scores)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct fwd
{
  const gsl_matrix *hidden_pre;
  const gsl_matrix *hidden;
  const gsl_matrix *scores;
  const gsl_matrix *probs;
};

/* d loss / d scores: probabilities minus one at the correct class, / N */
static void
softmax_loss_backward (const gsl_matrix *p, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t i;

  gsl_matrix_memcpy (dscores, p);
  for (i = 0; i < p->size1; i++)
    *gsl_matrix_ptr (dscores, i, y[i]) -= 1.0;
  gsl_matrix_scale (dscores, 1.0 / (double) p->size1);
}

static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *in,
                 const gsl_matrix *W, gsl_matrix *din, gsl_matrix *dW,
                 gsl_vector *db)
{
  gsl_vector *ones = gsl_vector_alloc (dout->size1);

  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);
  gsl_blas_dgemv (CblasTrans, 1.0, dout, ones, 0.0, db);
  if (din)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
  gsl_vector_free (ones);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *pre, gsl_matrix *d)
{
  size_t i, j;

  gsl_matrix_memcpy (d, dout);
  for (i = 0; i < pre->size1; i++)
    for (j = 0; j < pre->size2; j++)
      if (gsl_matrix_get (pre, i, j) <= 0)
        gsl_matrix_set (d, i, j, 0);
}

/* dW += 2 reg W */
static void
reg_backward (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  gsl_matrix *t = gsl_matrix_alloc (W->size1, W->size2);

  gsl_matrix_memcpy (t, W);
  gsl_matrix_scale (t, 2.0 * reg);
  gsl_matrix_add (dW, t);
  gsl_matrix_free (t);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct fwd f;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  f.hidden_pre = cache->z1;
  f.hidden = cache->p1;
  f.scores = cache->z2;
  f.probs = cache->prob;

  softmax_loss_backward (f.scores, y, g->dz2);

  affine_backward (g->dz2, f.hidden, net->W2, g->dp1, g->dW2, g->db2);
  reg_backward (net->W2, reg, g->dW2);

  relu_backward (g->dp1, f.hidden_pre, g->dz1);

  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);
  reg_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
