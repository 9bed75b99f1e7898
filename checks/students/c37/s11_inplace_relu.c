/* backward.c -- hand-written backward of Linear-ReLU-Linear-CE
 *
 * Notation (as in my PyTorch notebook):
 *   grad_output = dL/d(output of the layer)
 *   grad_input  = dL/d(input of the layer)
 * The layers keep what they need in a "saved" struct filled from the
 * forward cache.  ReLU backward works in place if grad_input ==
 * grad_output (like nn.ReLU(inplace=True)), which saves a temporary.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>

typedef struct {
  const gsl_matrix *input;
  const gsl_matrix *weight;
  gsl_matrix *grad_weight;
  gsl_vector *grad_bias;
} LinearLayer;

typedef struct {
  const gsl_matrix *input;      /* z */
} ReluLayer;

static void
softmax_ce_backward (const gsl_matrix *prob, const size_t *y,
                     gsl_matrix *grad_input)
{
  size_t N = prob->size1;
  size_t i;

  gsl_matrix_memcpy (grad_input, prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (grad_input, i, y[i], gsl_matrix_get (grad_input, i, y[i]) - 1.0);
  gsl_matrix_scale (grad_input, 1.0 / (double) N);
}

static void
linear_backward (LinearLayer *layer, const gsl_matrix *grad_output,
                 double reg, gsl_matrix *grad_input)
{
  gsl_vector *ones = gsl_vector_alloc (grad_output->size1);
  gsl_vector_set_all (ones, 1.0);

  /* grad_weight = 2 reg W + input^T grad_output */
  gsl_matrix_memcpy (layer->grad_weight, layer->weight);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, layer->input, grad_output,
                  2.0 * reg, layer->grad_weight);

  /* grad_bias = grad_output^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, grad_output, ones, 0.0, layer->grad_bias);
  gsl_vector_free (ones);

  if (grad_input)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, layer->weight,
                    0.0, grad_input);
}

/* grad_input may be grad_output (in place) */
static void
relu_backward (const ReluLayer *layer, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  size_t i, j;
  for (i = 0; i < layer->input->size1; i++)
    for (j = 0; j < layer->input->size2; j++)
      {
        double go = gsl_matrix_get (grad_output, i, j);
        gsl_matrix_set (grad_input, i, j,
                        gsl_matrix_get (layer->input, i, j) > 0.0 ? go : 0.0);
      }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  LinearLayer fc1 = { X, net->W1, g->dW1, g->db1 };
  LinearLayer fc2 = { cache->p1, net->W2, g->dW2, g->db2 };
  ReluLayer relu = { cache->z1 };

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_ce_backward (cache->prob, y, g->dz2);
  linear_backward (&fc2, g->dz2, reg, g->dp1);

  relu_backward (&relu, g->dp1, g->dp1);        /* in place */
  gsl_matrix_memcpy (g->dz1, g->dp1);

  linear_backward (&fc1, g->dz1, reg, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
