/* backward.c -- the two-layer network's backward pass, written against
   the layer interface of my framework.

   Parameters are (value, grad) pairs, as in the big frameworks, so that
   an optimiser can walk every layer's params without knowing its kind.
   The net is a table of layers; backward() fills it in from the net, the
   cache and g, then calls each layer's backward from the last to the
   first.  The dense layer uses BLAS through GSL views of the tensors.  */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct
{
  size_t rows, cols, stride;
  double *data;
} tensor;

typedef struct
{
  tensor value;
  tensor grad;
} param;

typedef struct layer layer;
struct layer
{
  const char *kind;
  int (*backward) (layer *self, const tensor *dout, tensor *din);
  tensor saved_in;
  tensor saved_out;
  param weight;
  param bias;
  double weight_decay;
  const size_t *labels;
};

static tensor
from_matrix (const gsl_matrix *m)
{
  tensor t = { m->size1, m->size2, m->tda, m->data };
  return t;
}

static tensor
from_vector (const gsl_vector *v)
{
  tensor t = { 1, v->size, v->size, v->data };
  return t;
}

static gsl_matrix_view
view (const tensor *t)
{
  return gsl_matrix_view_array_with_tda (t->data, t->rows, t->cols, t->stride);
}

static int
dense_backward (layer *self, const tensor *dout, tensor *din)
{
  gsl_matrix_view x = view (&self->saved_in);
  gsl_matrix_view w = view (&self->weight.value);
  gsl_matrix_view dw = view (&self->weight.grad);
  gsl_matrix_view db = view (&self->bias.grad);
  gsl_matrix_view dy = view (dout);
  size_t i, j;
  int rc;

  /* weight.grad = x' dy + 2 decay W */
  gsl_matrix_memcpy (&dw.matrix, &w.matrix);
  rc = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &x.matrix, &dy.matrix,
                       2.0 * self->weight_decay, &dw.matrix);
  if (rc)
    return rc;

  /* bias.grad = column sums of dy */
  gsl_matrix_set_zero (&db.matrix);
  for (i = 0; i < dy.matrix.size1; i++)
    for (j = 0; j < dy.matrix.size2; j++)
      gsl_matrix_set (&db.matrix, 0, j,
                      gsl_matrix_get (&db.matrix, 0, j)
                      + gsl_matrix_get (&dy.matrix, i, j));

  /* din = dy W' */
  if (din)
    {
      gsl_matrix_view dx = view (din);
      rc = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dy.matrix,
                           &dw.matrix, 0.0, &dx.matrix);
    }
  return rc;
}

static int
relu_backward (layer *self, const tensor *dout, tensor *din)
{
  gsl_matrix_view z = view (&self->saved_in);
  gsl_matrix_view dy = view (dout);
  gsl_matrix_view dx = view (din);
  size_t i, j;

  for (i = 0; i < dy.matrix.size1; i++)
    for (j = 0; j < dy.matrix.size2; j++)
      gsl_matrix_set (&dx.matrix, i, j,
                      gsl_matrix_get (&z.matrix, i, j) > 0
                      ? gsl_matrix_get (&dy.matrix, i, j) : 0.0);
  return 0;
}

static int
softmax_xent_backward (layer *self, const tensor *dout, tensor *din)
{
  gsl_matrix_view p = view (&self->saved_out);
  gsl_matrix_view ds = view (din);
  size_t n = p.matrix.size1, i;
  (void) dout;

  gsl_matrix_memcpy (&ds.matrix, &p.matrix);
  for (i = 0; i < n; i++)
    gsl_matrix_set (&ds.matrix, i, self->labels[i],
                    gsl_matrix_get (&ds.matrix, i, self->labels[i]) - 1.0);
  return gsl_matrix_scale (&ds.matrix, 1.0 / (double) n);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  layer table[4] = { { 0 } };
  tensor flow[5];   /* flow[k]: gradient at the input of table[k] */
  int k;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    return 1;

  table[0].kind = "dense";
  table[0].backward = dense_backward;
  table[0].saved_in = from_matrix (X);
  table[0].saved_out = from_matrix (cache->z1);
  table[0].weight.value = from_matrix (net->W1);
  table[0].weight.grad = from_matrix (g->dW1);
  table[0].bias.value = from_vector (net->b1);
  table[0].bias.grad = from_vector (g->db1);
  table[0].weight_decay = reg;

  table[1].kind = "relu";
  table[1].backward = relu_backward;
  table[1].saved_in = from_matrix (cache->z1);
  table[1].saved_out = from_matrix (cache->p1);

  table[2].kind = "dense";
  table[2].backward = dense_backward;
  table[2].saved_in = from_matrix (cache->p1);
  table[2].saved_out = from_matrix (cache->z2);
  table[2].weight.value = from_matrix (net->W2);
  table[2].weight.grad = from_matrix (g->dW2);
  table[2].bias.value = from_vector (net->b2);
  table[2].bias.grad = from_vector (g->db2);
  table[2].weight_decay = reg;

  table[3].kind = "softmax_xent";
  table[3].backward = softmax_xent_backward;
  table[3].saved_in = from_matrix (cache->z2);
  table[3].saved_out = from_matrix (cache->prob);
  table[3].labels = y;

  flow[1] = from_matrix (g->dz1);
  flow[2] = from_matrix (g->dp1);
  flow[3] = from_matrix (g->dz2);

  for (k = 3; k >= 0; k--)
    {
      int rc = table[k].backward (&table[k], k < 3 ? &flow[k + 1] : NULL,
                                  k > 0 ? &flow[k] : NULL);
      if (rc)
        return rc;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
