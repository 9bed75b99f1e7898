/* backward.c -- "write your own loss.backward()"
 *
 * Module structs with saved tensors (filled from the forward cache) and a
 * backward per module, called in reverse order:
 *   CrossEntropy -> Linear(fc2) -> ReLU -> Linear(fc1)
 * grad_output of the loss itself is 1 (dL/dL), so the chain starts at the
 * CE backward.
 */

#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

struct CrossEntropy {
  const gsl_matrix *softmax_out;
  const size_t *target;
};

struct Linear {
  const gsl_matrix *in;
  const gsl_matrix *weight;
  gsl_matrix *weight_grad;
  gsl_vector *bias_grad;
  double weight_decay;          /* reg */
};

struct ReLU {
  const gsl_matrix *in;
};

/* dL/dlogits = softmax - onehot */
static void
CrossEntropy_backward (const struct CrossEntropy *self, gsl_matrix *grad_input)
{
  size_t n, c;
  for (n = 0; n < self->softmax_out->size1; n++)
    for (c = 0; c < self->softmax_out->size2; c++)
      {
        double p = gsl_matrix_get (self->softmax_out, n, c);
        double t = (c == self->target[n]) ? 1.0 : 0.0;
        gsl_matrix_set (grad_input, n, c, p - t);
      }
}

static void
Linear_backward (const struct Linear *self, const gsl_matrix *grad_output,
                 gsl_matrix *grad_input)
{
  size_t i, j;
  gsl_vector *ones = gsl_vector_alloc (grad_output->size1);

  /* weight_grad = in^T grad_output + 2*wd*W */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, self->in, grad_output, 0.0,
                  self->weight_grad);
  for (i = 0; i < self->weight->size1; i++)
    for (j = 0; j < self->weight->size2; j++)
      *gsl_matrix_ptr (self->weight_grad, i, j)
        += 2.0 * self->weight_decay * gsl_matrix_get (self->weight, i, j);

  /* bias_grad = grad_output^T 1 */
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, grad_output, ones, 0.0, self->bias_grad);
  gsl_vector_free (ones);

  if (grad_input != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, self->weight,
                    0.0, grad_input);
}

static void
ReLU_backward (const struct ReLU *self, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  size_t i, j;
  for (i = 0; i < self->in->size1; i++)
    for (j = 0; j < self->in->size2; j++)
      gsl_matrix_set (grad_input, i, j, gsl_matrix_get (self->in, i, j) > 0.0
                      ? gsl_matrix_get (grad_output, i, j) : 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct CrossEntropy ce;
  struct Linear fc1, fc2;
  struct ReLU relu;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  ce.softmax_out = cache->prob;
  ce.target = y;
  fc2.in = cache->p1; fc2.weight = net->W2;
  fc2.weight_grad = g->dW2; fc2.bias_grad = g->db2; fc2.weight_decay = reg;
  relu.in = cache->z1;
  fc1.in = X; fc1.weight = net->W1;
  fc1.weight_grad = g->dW1; fc1.bias_grad = g->db1; fc1.weight_decay = reg;

  CrossEntropy_backward (&ce, g->dz2);
  Linear_backward (&fc2, g->dz2, g->dp1);
  ReLU_backward (&relu, g->dp1, g->dz1);
  Linear_backward (&fc1, g->dz1, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
