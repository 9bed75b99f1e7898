/*
 * backward.c  --  two layer net, backward pass
 * student: (group 7)
 *
 * I think of grad_W as a sum over the batch of outer products
 * x_n (x) grad_out_n, the way autograd does it for a batched matmul, so
 * the weight grads are built sample by sample with gsl_blas_dger on row
 * views.  Everything is zeroed first (g has junk in it when we are called,
 * like .grad in torch if you forget optimizer.zero_grad()).
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

struct linear_saved {
  const gsl_matrix *x;          /* input of the layer */
  const gsl_matrix *w;          /* weight */
};

struct relu_saved {
  const gsl_matrix *z;          /* input of the relu */
};

static void
zero_grad (bp_grads *g)
{
  gsl_matrix_set_zero (g->dz2);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dp1);
  gsl_matrix_set_zero (g->dz1);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
}

/* dL/dz2 for mean CE: every entry prob/N, the true class gets -1/N on top */
static void
ce_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *grad_in)
{
  const double inv_n = 1.0 / (double) prob->size1;
  size_t n;

  gsl_matrix_memcpy (grad_in, prob);
  gsl_matrix_scale (grad_in, inv_n);
  for (n = 0; n < prob->size1; n++)
    gsl_matrix_set (grad_in, n, y[n],
                    gsl_matrix_get (grad_in, n, y[n]) - inv_n);
}

/* grad_w, grad_b must be zero on entry: they are accumulated into */
static void
linear_backward (const struct linear_saved *s, const gsl_matrix *grad_out,
                 gsl_matrix *grad_in, gsl_matrix *grad_w, gsl_vector *grad_b)
{
  size_t n;

  for (n = 0; n < grad_out->size1; n++)
    {
      gsl_vector_const_view x_n = gsl_matrix_const_row (s->x, n);
      gsl_vector_const_view go_n = gsl_matrix_const_row (grad_out, n);

      gsl_blas_dger (1.0, &x_n.vector, &go_n.vector, grad_w);
      gsl_vector_add (grad_b, &go_n.vector);
    }

  if (grad_in != NULL)
    /* (N, out) x (in, out)^T = (N, in) */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_out, s->w, 0.0,
                    grad_in);
}

static void
relu_backward (const struct relu_saved *s, const gsl_matrix *grad_out,
               gsl_matrix *grad_in)
{
  size_t i, j;

  for (i = 0; i < s->z->size1; i++)
    for (j = 0; j < s->z->size2; j++)
      if (gsl_matrix_get (s->z, i, j) > 0)
        gsl_matrix_set (grad_in, i, j, gsl_matrix_get (grad_out, i, j));
      /* else: stays 0 from zero_grad */
}

/* regularisation: d/dW reg*sum(W^2) = 2 reg W */
static void
l2_backward (const gsl_matrix *w, double reg, gsl_matrix *grad_w)
{
  gsl_matrix *tmp = gsl_matrix_alloc (w->size1, w->size2);
  gsl_matrix_memcpy (tmp, w);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (grad_w, tmp);
  gsl_matrix_free (tmp);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct linear_saved fc1, fc2;
  struct relu_saved act;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  fc1.x = X;          fc1.w = net->W1;
  act.z = cache->z1;
  fc2.x = cache->p1;  fc2.w = net->W2;

  zero_grad (g);

  ce_backward (cache->prob, y, g->dz2);
  linear_backward (&fc2, g->dz2, g->dp1, g->dW2, g->db2);
  l2_backward (net->W2, reg, g->dW2);
  relu_backward (&act, g->dp1, g->dz1);
  linear_backward (&fc1, g->dz1, NULL, g->dW1, g->db1);
  l2_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
