/* backward.c -- backward pass of the two-layer net with the layer
   framework of part A, BLAS edition.

   The affine map is split in two layers, as in my framework: a matmul
   layer (x W) and a bias layer (+ b), so the table is

     matmul1 -> bias1 -> relu -> matmul2 -> bias2 -> softmax-xent

   and the backward pass walks it from the end.  A bias layer passes its
   incoming gradient through unchanged, so its din IS its dout (same
   tensor, nothing copied).  Tensors are converted to GSL views for the
   BLAS calls.  */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct tensor
{
  size_t rows, cols, stride;
  double *data;
} tensor;

static tensor
tensor_wrap (const gsl_matrix *m)
{
  tensor t = { m->size1, m->size2, m->tda, m->data };
  return t;
}

static tensor
tensor_wrap_row (const gsl_vector *v)
{
  tensor t = { 1, v->size, v->size, v->data };
  return t;
}

static gsl_matrix_view
tensor_as_gsl (const tensor *t)
{
  return gsl_matrix_view_array_with_tda (t->data, t->rows, t->cols,
                                         t->stride);
}

/* c = alpha op(a) op(b) + beta c */
static int
tensor_gemm (CBLAS_TRANSPOSE_t ta, CBLAS_TRANSPOSE_t tb, double alpha,
             const tensor *a, const tensor *b, double beta, tensor *c)
{
  gsl_matrix_view A = tensor_as_gsl (a);
  gsl_matrix_view B = tensor_as_gsl (b);
  gsl_matrix_view Cm = tensor_as_gsl (c);
  return gsl_blas_dgemm (ta, tb, alpha, &A.matrix, &B.matrix, beta,
                         &Cm.matrix);
}

enum layer_kind { MATMUL, BIAS, RELU, SOFTMAX_XENT };

typedef struct layer layer;
struct layer
{
  enum layer_kind kind;
  int (*backward) (layer *self, const tensor *dout, tensor *din);
  const tensor *dout;           /* wired by the network */
  tensor *din;
  tensor input, output;         /* context saved by the forward pass */
  tensor param, param_grad;     /* W for matmul, b (one row) for bias */
  double l2;                    /* penalty strength on param */
  const size_t *labels;
  const tensor *ones;           /* a row of N ones, for the bias sums */
};

static int
matmul_backward (layer *self, const tensor *dout, tensor *din)
{
  int rc;
  /* dW = x' dout + 2 l2 W: put W in first, then beta = 2 l2 */
  gsl_matrix_view dW = tensor_as_gsl (&self->param_grad);
  gsl_matrix_view W = tensor_as_gsl (&self->param);
  gsl_matrix_memcpy (&dW.matrix, &W.matrix);
  rc = tensor_gemm (CblasTrans, CblasNoTrans, 1.0, &self->input, dout,
                    2.0 * self->l2, &self->param_grad);
  if (rc)
    return rc;
  if (din)
    rc = tensor_gemm (CblasNoTrans, CblasTrans, 1.0, dout, &self->param,
                      0.0, din);
  return rc;
}

static int
bias_backward (layer *self, const tensor *dout, tensor *din)
{
  /* db = 1' dout, one row */
  int rc = tensor_gemm (CblasNoTrans, CblasNoTrans, 1.0, self->ones, dout,
                        0.0, &self->param_grad);
  if (rc == 0 && din != dout)
    {
      gsl_matrix_view from = tensor_as_gsl (dout), to = tensor_as_gsl (din);
      rc = gsl_matrix_memcpy (&to.matrix, &from.matrix);
    }
  return rc;
}

static int
relu_backward (layer *self, const tensor *dout, tensor *din)
{
  size_t i, j;
  for (i = 0; i < dout->rows; i++)
    for (j = 0; j < dout->cols; j++)
      {
        double z = self->input.data[i * self->input.stride + j];
        din->data[i * din->stride + j] =
          z > 0.0 ? dout->data[i * dout->stride + j] : 0.0;
      }
  return 0;
}

static int
softmax_xent_backward (layer *self, const tensor *dout, tensor *din)
{
  size_t i, j, n = self->output.rows;
  (void) dout;
  for (i = 0; i < n; i++)
    for (j = 0; j < self->output.cols; j++)
      {
        double p = self->output.data[i * self->output.stride + j];
        if (j == self->labels[i])
          p -= 1.0;
        din->data[i * din->stride + j] = p / n;
      }
  return 0;
}

#define NLAYERS 6

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  layer net_layers[NLAYERS] = { { 0 } };
  tensor d_scores, d_hidden, d_pre, ones_row;
  gsl_vector *ones;
  int k, rc = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);
  ones_row = tensor_wrap_row (ones);

  d_scores = tensor_wrap (g->dz2);
  d_hidden = tensor_wrap (g->dp1);
  d_pre = tensor_wrap (g->dz1);

  /* 0: x W1 */
  net_layers[0].kind = MATMUL;
  net_layers[0].backward = matmul_backward;
  net_layers[0].input = tensor_wrap (X);
  net_layers[0].param = tensor_wrap (net->W1);
  net_layers[0].param_grad = tensor_wrap (g->dW1);
  net_layers[0].l2 = reg;
  net_layers[0].dout = &d_pre;
  net_layers[0].din = NULL;
  /* 1: + b1 */
  net_layers[1].kind = BIAS;
  net_layers[1].backward = bias_backward;
  net_layers[1].param = tensor_wrap_row (net->b1);
  net_layers[1].param_grad = tensor_wrap_row (g->db1);
  net_layers[1].ones = &ones_row;
  net_layers[1].dout = &d_pre;
  net_layers[1].din = &d_pre;
  /* 2: relu */
  net_layers[2].kind = RELU;
  net_layers[2].backward = relu_backward;
  net_layers[2].input = tensor_wrap (cache->z1);
  net_layers[2].output = tensor_wrap (cache->p1);
  net_layers[2].dout = &d_hidden;
  net_layers[2].din = &d_pre;
  /* 3: p1 W2 */
  net_layers[3].kind = MATMUL;
  net_layers[3].backward = matmul_backward;
  net_layers[3].input = tensor_wrap (cache->p1);
  net_layers[3].param = tensor_wrap (net->W2);
  net_layers[3].param_grad = tensor_wrap (g->dW2);
  net_layers[3].l2 = reg;
  net_layers[3].dout = &d_scores;
  net_layers[3].din = &d_hidden;
  /* 4: + b2 */
  net_layers[4].kind = BIAS;
  net_layers[4].backward = bias_backward;
  net_layers[4].param = tensor_wrap_row (net->b2);
  net_layers[4].param_grad = tensor_wrap_row (g->db2);
  net_layers[4].ones = &ones_row;
  net_layers[4].dout = &d_scores;
  net_layers[4].din = &d_scores;
  /* 5: softmax + cross-entropy, the head */
  net_layers[5].kind = SOFTMAX_XENT;
  net_layers[5].backward = softmax_xent_backward;
  net_layers[5].input = tensor_wrap (cache->z2);
  net_layers[5].output = tensor_wrap (cache->prob);
  net_layers[5].labels = y;
  net_layers[5].dout = NULL;
  net_layers[5].din = &d_scores;

  for (k = NLAYERS - 1; k >= 0 && rc == 0; k--)
    rc = net_layers[k].backward (&net_layers[k], net_layers[k].dout,
                                 net_layers[k].din);

  gsl_vector_free (ones);
  if (rc == 0)
    g->present = BP_GRADS_ALL;
  return rc;
}
