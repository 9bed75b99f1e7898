/* backward.c  (ML course, assignment "autograd by hand")
 *
 * Reverse-mode through the graph, node by node:
 *
 *   L <- CE(mean) <- z2 <- [fc2: W2, b2] <- p1 <- relu <- z1 <- [fc1: W1, b1] <- X
 *
 * Each node: read grad_output, write grad_input and the parameter .grad.
 * Views: biases are handled as 1 x M matrices so that everything is a
 * dgemm (ones(1,N) @ grad_output).
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

typedef struct {
  const gsl_matrix *x;
  const gsl_matrix *W;
  gsl_matrix *W_grad;
  gsl_vector *b_grad;
} fc_node;

static gsl_matrix *
ones_row (size_t N)
{
  gsl_matrix *o = gsl_matrix_alloc (1, N);
  gsl_matrix_set_all (o, 1.0);
  return o;
}

/* CE node: grad_input = (prob - onehot) / N */
static void
ce_node_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *grad_input)
{
  size_t i, N = prob->size1;
  gsl_matrix_memcpy (grad_input, prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (grad_input, i, y[i]) -= 1.0;
  gsl_matrix_scale (grad_input, 1.0 / (double) N);
}

static void
relu_node_backward (const gsl_matrix *z, const gsl_matrix *grad_output,
                    gsl_matrix *grad_input)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (grad_input, i, j, gsl_matrix_get (z, i, j) > 0.0
                      ? gsl_matrix_get (grad_output, i, j) : 0.0);
}

static void
bias_grad (const gsl_matrix *grad_output, gsl_vector *b_grad)
{
  gsl_matrix *o = ones_row (grad_output->size1);
  gsl_matrix_view bg = gsl_matrix_view_vector (b_grad, 1, b_grad->size);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, o, grad_output, 0.0,
                  &bg.matrix);
  gsl_matrix_free (o);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  fc_node fc1 = { X, net->W1, g->dW1, g->db1 };
  fc_node fc2 = { cache->p1, net->W2, g->dW2, g->db2 };
  gsl_matrix *decay;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  /* --- CE --- */
  ce_node_backward (cache->prob, y, g->dz2);

  /* --- fc2 --- */
  gsl_matrix_memcpy (fc2.W_grad, fc2.W);           /* W2.grad = 2 reg W2 ... */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, fc2.x, g->dz2, 2.0 * reg,
                  fc2.W_grad);                      /* ... + p1^T dz2 */
  bias_grad (g->dz2, fc2.b_grad);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, fc2.W, 0.0, g->dp1);

  /* --- relu --- */
  relu_node_backward (cache->z1, g->dp1, g->dz1);

  /* --- fc1 --- */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, fc1.x, g->dz1, 1.0, fc1.W_grad);
  decay = gsl_matrix_alloc (net->W1->size1, net->W1->size2);
  gsl_matrix_memcpy (decay, fc1.W);
  gsl_matrix_scale (decay, 2.0 * reg);
  gsl_matrix_add (fc1.W_grad, decay);               /* += 2 reg W1 */
  gsl_matrix_free (decay);
  bias_grad (g->dz1, fc1.b_grad);

  g->present = BP_GRADS_ALL;
  return 0;
}
