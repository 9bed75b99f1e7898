/* MSc ML -- coursework 2, backward pass in C
 *
 * nn.Linear-like layer struct with parameter + .grad side by side, as in
 * torch (weight / weight.grad).  ReLU and the loss are parameter-free.
 * Backward is called on the layers in reverse order.
 */

#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

typedef struct {
  const gsl_matrix *weight;     /* W (in, out) */
  gsl_matrix *weight_grad;      /* W.grad      */
  gsl_vector *bias_grad;        /* b.grad      */
  const gsl_matrix *input;      /* saved input */
} linear_t;

/* all (N, C) */
static void
softmax_xent_backward (const gsl_matrix *prob, const size_t *y,
                       gsl_matrix *grad_scores)
{
  size_t i, j, N = prob->size1;
  for (i = 0; i < N; i++)
    for (j = 0; j < prob->size2; j++)
      gsl_matrix_set (grad_scores, i, j,
                      (gsl_matrix_get (prob, i, j) - (j == y[i])) / N);
}

static void
linear_backward (linear_t *L, const gsl_matrix *grad_output, double reg,
                 gsl_matrix *grad_input)
{
  size_t j, n;

  /* W.grad = input^T grad_output  (+ weight decay) */
  gsl_matrix_memcpy (L->weight_grad, L->weight);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, L->input, grad_output,
                  2.0 * reg, L->weight_grad);

  /* b.grad = grad_output.sum(0) */
  gsl_vector_set_zero (L->bias_grad);
  for (n = 0; n < grad_output->size1; n++)
    for (j = 0; j < grad_output->size2; j++)
      *gsl_vector_ptr (L->bias_grad, j) += gsl_matrix_get (grad_output, n, j);

  /* grad_input = grad_output W^T */
  if (grad_input != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, L->weight_grad,
                    0.0, grad_input);
}

static void
relu_backward (const gsl_matrix *saved_z, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  size_t i, j;
  for (i = 0; i < saved_z->size1; i++)
    for (j = 0; j < saved_z->size2; j++)
      {
        double m = (gsl_matrix_get (saved_z, i, j) > 0.0) ? 1.0 : 0.0;
        gsl_matrix_set (grad_input, i, j, m * gsl_matrix_get (grad_output, i, j));
      }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  linear_t fc1, fc2;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  fc1.weight = net->W1; fc1.weight_grad = g->dW1; fc1.bias_grad = g->db1;
  fc1.input = X;
  fc2.weight = net->W2; fc2.weight_grad = g->dW2; fc2.bias_grad = g->db2;
  fc2.input = cache->p1;

  softmax_xent_backward (cache->prob, y, g->dz2);
  linear_backward (&fc2, g->dz2, reg, g->dp1);
  relu_backward (cache->z1, g->dp1, g->dz1);
  linear_backward (&fc1, g->dz1, reg, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
