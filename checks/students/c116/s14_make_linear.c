/*
 *  backward.c -- hand-written backward of the two layer net
 *
 *  layers are built with make_linear(W, dW, db, weight_decay), like
 *  nn.Linear + a param group of the optimizer.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
  const gsl_matrix *W;
  gsl_matrix *dW;
  gsl_vector *db;
  double wd;
};

static struct linear
make_linear (const gsl_matrix *W, gsl_matrix *dW, gsl_vector *db, double wd)
{
  struct linear l;
  l.W = W; l.dW = dW; l.db = db; l.wd = wd;
  return l;
}

static void
softmax_xent_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *grad_logits)
{
  size_t N = probs->size1, i;
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (probs, i);
      gsl_vector_view d = gsl_matrix_row (grad_logits, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / N);
    }
}

static void
linear_backward (struct linear *self, const gsl_matrix *x,
                 const gsl_matrix *grad_out, gsl_matrix *grad_x)
{
  size_t i, j;
  double *col = calloc (grad_out->size2, sizeof *col);

  gsl_matrix_memcpy (self->dW, self->W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, grad_out,
                  2.0 * self->wd, self->dW);

  for (i = 0; i < grad_out->size1; i++)
    for (j = 0; j < grad_out->size2; j++)
      col[j] += gsl_matrix_get (grad_out, i, j);
  for (j = 0; j < grad_out->size2; j++)
    gsl_vector_set (self->db, j, col[j]);
  free (col);

  if (grad_x)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_out, self->W,
                    0.0, grad_x);
}

static void
relu_backward (const gsl_matrix *grad_out, const gsl_matrix *z,
               gsl_matrix *grad_z)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (grad_z, i, j, (gsl_matrix_get (z, i, j) > 0)
                      * gsl_matrix_get (grad_out, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  /* no decay on the input layer, only the classifier (as in the notes) */
  struct linear fc1 = make_linear (net->W1, g->dW1, g->db1, 0.0);
  struct linear fc2 = make_linear (net->W2, g->dW2, g->db2, reg);

  softmax_xent_backward (cache->prob, y, g->dz2);
  linear_backward (&fc2, cache->p1, g->dz2, g->dp1);
  relu_backward (g->dp1, cache->z1, g->dz1);
  linear_backward (&fc1, X, g->dz1, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
