/*
 * backward.c -- backward pass of the 2-layer net (HW5), on tensorlib.
 *
 * tensorlib is three things: a strided tensor type, a handful of generic
 * kernels (matmul with transpose flags, axpy, column sums), and layers
 * whose backward is written only in terms of those kernels.  The net is
 * a table of four layers walked back to front.
 */

#include <stdbool.h>
#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* ------------------------------------------------------------ tensors */

typedef struct tensor {
   size_t rows;
   size_t cols;
   size_t stride;
   double *data;
} tensor;

static tensor tensor_of(const gsl_matrix *m)
{
   tensor t = { m->size1, m->size2, m->tda, m->data };
   return t;
}

static tensor tensor_of_bias(const gsl_vector *v)
{
   tensor t = { 1, v->size, v->size, v->data };
   return t;
}

/* element (i, j) of t, or of t' when transposed is set */
static double tensor_read(const tensor *t, bool transposed, size_t i, size_t j)
{
   return transposed ? t->data[j * t->stride + i] : t->data[i * t->stride + j];
}

/* ------------------------------------------------------------ kernels */

/* out = op(a) op(b); the sizes come from out and from op(a) */
static void kernel_matmul(tensor *out, const tensor *a, bool ta,
                          const tensor *b, bool tb)
{
   size_t inner = ta ? a->rows : a->cols;
   size_t i, j, k;

   for (i = 0; i < out->rows; i++) {
      for (j = 0; j < out->cols; j++) {
         double acc = 0.0;
         for (k = 0; k < inner; k++)
            acc += tensor_read(a, ta, i, k) * tensor_read(b, tb, k, j);
         out->data[i * out->stride + j] = acc;
      }
   }
}

/* y += alpha x */
static void kernel_axpy(tensor *y, double alpha, const tensor *x)
{
   size_t i, j;
   for (i = 0; i < y->rows; i++)
      for (j = 0; j < y->cols; j++)
         y->data[i * y->stride + j] += alpha * x->data[i * x->stride + j];
}

/* out (1 x cols) = sums of the columns of x */
static void kernel_colsum(tensor *out, const tensor *x)
{
   size_t i, j;
   for (j = 0; j < x->cols; j++) {
      double acc = 0.0;
      for (i = 0; i < x->rows; i++)
         acc += x->data[i * x->stride + j];
      out->data[j] = acc;
   }
}

/* ------------------------------------------------------------- layers */

typedef struct layer layer;
typedef int (*backward_fn)(layer *self, const tensor *dout, tensor *din);

struct layer {
   const char *name;
   backward_fn backward;
   tensor input, output;
   tensor weights, weights_grad, bias_grad;
   double l2_lambda;
   const size_t *labels;
};

static int linear_backward(layer *self, const tensor *dout, tensor *din)
{
   /* dW = input' dout + 2 lambda W */
   kernel_matmul(&self->weights_grad, &self->input, true, dout, false);
   kernel_axpy(&self->weights_grad, 2.0 * self->l2_lambda, &self->weights);
   /* db = column sums of dout */
   kernel_colsum(&self->bias_grad, dout);
   /* din = dout W' */
   if (din != NULL)
      kernel_matmul(din, dout, false, &self->weights, false);
   return 0;
}

static int relu_backward(layer *self, const tensor *dout, tensor *din)
{
   size_t i, j;
   for (i = 0; i < dout->rows; i++)
      for (j = 0; j < dout->cols; j++) {
         bool on = self->input.data[i * self->input.stride + j] > 0.0;
         din->data[i * din->stride + j] = on ? dout->data[i * dout->stride + j] : 0.0;
      }
   return 0;
}

static int softmax_xent_backward(layer *self, const tensor *dout, tensor *din)
{
   size_t n = self->output.rows, i, j;
   (void) dout;
   for (i = 0; i < n; i++)
      for (j = 0; j < self->output.cols; j++) {
         double p = self->output.data[i * self->output.stride + j];
         din->data[i * din->stride + j] = (p - (self->labels[i] == j)) / (double) n;
      }
   return 0;
}

/* ------------------------------------------------------------ network */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
   layer table[4] = {
      { "linear1", linear_backward, tensor_of(X), tensor_of(cache->z1),
        tensor_of(net->W1), tensor_of(g->dW1), tensor_of_bias(g->db1), reg, NULL },
      { "relu1", relu_backward, tensor_of(cache->z1), tensor_of(cache->p1),
        { 0, 0, 0, NULL }, { 0, 0, 0, NULL }, { 0, 0, 0, NULL }, 0.0, NULL },
      { "linear2", linear_backward, tensor_of(cache->p1), tensor_of(cache->z2),
        tensor_of(net->W2), tensor_of(g->dW2), tensor_of_bias(g->db2), reg, NULL },
      { "softmax_xent", softmax_xent_backward, tensor_of(cache->z2),
        tensor_of(cache->prob), { 0, 0, 0, NULL }, { 0, 0, 0, NULL },
        { 0, 0, 0, NULL }, 0.0, y },
   };
   tensor grads_between[3];
   int l;

   if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
      return 1;

   /* grads_between[l] is the gradient at the input of table[l + 1] */
   grads_between[0] = tensor_of(g->dz1);
   grads_between[1] = tensor_of(g->dp1);
   grads_between[2] = tensor_of(g->dz2);

   for (l = 3; l >= 0; l--) {
      const tensor *dout = (l == 3) ? NULL : &grads_between[l];
      tensor *din = (l == 0) ? NULL : &grads_between[l - 1];
      int rc = table[l].backward(&table[l], dout, din);
      if (rc)
         return rc;
   }

   g->present = BP_GRADS_ALL;
   return 0;
}
