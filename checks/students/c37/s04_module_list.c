// backward.c -- HW: backprop for the 2-layer MLP in plain C
//
// Design: like nn.Sequential.  Each module has a backward function
// pointer; the net is an array of modules and loss.backward() is a loop
// over the array from the end.  grad_buf[i] is the gradient w.r.t. the
// INPUT of module i, so module i reads grad_buf[i+1] and writes grad_buf[i].
//
//   i:      0        1       2        3
//         fc1 ->  relu  ->  fc2  ->  loss
//   in:    X       z1       p1       z2
//   grad: (none)   dz1      dp1      dz2

#include "backprop.h"
#include <gsl/gsl_blas.h>

typedef struct Module Module;
struct Module {
  const char *name;
  void (*backward) (Module *self, const gsl_matrix *grad_output,
                    gsl_matrix *grad_input);
  // saved in "forward"
  const gsl_matrix *saved_input;
  const gsl_matrix *weight;
  const size_t *labels;
  double reg;
  // parameter grads (NULL for parameter-free modules)
  gsl_matrix *grad_weight;
  gsl_vector *grad_bias;
};

// d(mean CE)/dz2 = (softmax - onehot)/N.  Written as -onehot/N first, then
// += softmax/N (the saved_input of the loss is the prob, already softmaxed)
static void
loss_backward (Module *self, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  const gsl_matrix *prob = self->saved_input;
  double N = (double) prob->size1;
  size_t n, c;
  (void) grad_output;           // the loss is the end of the graph: dL/dL = 1

  gsl_matrix_set_zero (grad_input);
  for (n = 0; n < prob->size1; n++)
    gsl_matrix_set (grad_input, n, self->labels[n], -1.0 / N);
  for (n = 0; n < prob->size1; n++)
    for (c = 0; c < prob->size2; c++)
      gsl_matrix_set (grad_input, n, c, gsl_matrix_get (grad_input, n, c)
                      + gsl_matrix_get (prob, n, c) / N);
}

static void
linear_backward (Module *self, const gsl_matrix *grad_output,
                 gsl_matrix *grad_input)
{
  const gsl_matrix *x = self->saved_input;   // (N, in)
  size_t N = x->size1, out = grad_output->size2, in = x->size2;

  // grad_weight^T = grad_output^T x  (out, in); then transpose back
  gsl_matrix *gwT = gsl_matrix_alloc (out, in);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, grad_output, x, 0.0, gwT);
  gsl_matrix_transpose_memcpy (self->grad_weight, gwT);
  gsl_matrix_free (gwT);

  // weight decay (biases are not decayed)
  {
    size_t i, j;
    for (i = 0; i < in; i++)
      for (j = 0; j < out; j++)
        *gsl_matrix_ptr (self->grad_weight, i, j)
          += 2.0 * self->reg * gsl_matrix_get (self->weight, i, j);
  }

  // grad_bias as a (1, out) matrix = ones(1, N) @ grad_output
  {
    gsl_matrix *ones = gsl_matrix_alloc (1, N);
    gsl_matrix_view gb = gsl_matrix_view_vector (self->grad_bias, 1, out);
    gsl_matrix_set_all (ones, 1.0);
    gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, ones, grad_output,
                    0.0, &gb.matrix);
    gsl_matrix_free (ones);
  }

  if (grad_input)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output,
                    self->weight, 0.0, grad_input);
}

static void
relu_backward (Module *self, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  const gsl_matrix *z = self->saved_input;
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (grad_input, i, j,
                      (gsl_matrix_get (z, i, j) <= 0.0)
                      ? 0.0 : gsl_matrix_get (grad_output, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  int i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  Module net_seq[4] = {
    { "fc1",  linear_backward, X,           net->W1, NULL, reg, g->dW1, g->db1 },
    { "relu", relu_backward,   cache->z1,   NULL,    NULL, 0.0, NULL,   NULL   },
    { "fc2",  linear_backward, cache->p1,   net->W2, NULL, reg, g->dW2, g->db2 },
    { "loss", loss_backward,   cache->prob, NULL,    y,    0.0, NULL,   NULL   },
  };
  gsl_matrix *grad_buf[5] = { NULL, g->dz1, g->dp1, g->dz2, NULL };

  // loss.backward()
  for (i = 3; i >= 0; i--)
    net_seq[i].backward (&net_seq[i], grad_buf[i + 1], grad_buf[i]);

  g->present = BP_GRADS_ALL;
  return 0;
}
