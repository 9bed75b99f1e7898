/*
 * Two-layer MLP, backward pass by hand.
 *
 * forward (done by the framework, kept in `cache`):
 *     z1 = X @ W1 + b1 ; p1 = relu(z1) ; z2 = p1 @ W2 + b2 ; prob = softmax(z2)
 *
 * backward, one function per layer, same argument order as
 * torch.autograd.Function.backward(ctx, grad_output).
 */

#include <backprop/net.h>
#include <backprop/grads.h>
#include <gsl/gsl_blas.h>

/* saved-for-backward of each layer */
struct Linear {
  const gsl_matrix *input;
  const gsl_matrix *weight;
  gsl_matrix *grad_weight;
  gsl_vector *grad_bias;
};

struct Relu {
  const gsl_matrix *input;
};

struct SoftmaxCE {
  const gsl_matrix *probs;
  const size_t *labels;
};

static void
softmax_ce_backward (struct SoftmaxCE *ctx, gsl_matrix *grad_input)
{
  size_t N = ctx->probs->size1;
  size_t i;

  /* mean over the batch -> divide by N */
  gsl_matrix_memcpy (grad_input, ctx->probs);
  gsl_matrix_scale (grad_input, 1.0 / (double) N);

  /* minus one-hot of the labels */
  for (i = 0; i < N; i++)
    {
      double *gi = gsl_matrix_ptr (grad_input, i, ctx->labels[i]);
      *gi -= 1.0;
    }
}

static void
linear_backward (struct Linear *ctx, const gsl_matrix *grad_output,
                 gsl_matrix *grad_input, double reg)
{
  size_t j;
  gsl_matrix *decay;

  /* dW = x^T g */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, ctx->input, grad_output,
                  0.0, ctx->grad_weight);
  /* + d(reg ||W||^2)/dW */
  decay = gsl_matrix_alloc (ctx->weight->size1, ctx->weight->size2);
  gsl_matrix_memcpy (decay, ctx->weight);
  gsl_matrix_scale (decay, 2.0 * reg);
  gsl_matrix_add (ctx->grad_weight, decay);
  gsl_matrix_free (decay);

  /* db = sum over the batch (dim 0) */
  for (j = 0; j < grad_output->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (grad_output, j);
      double total = 0.0;
      size_t i;
      for (i = 0; i < col.vector.size; i++)
        total += gsl_vector_get (&col.vector, i);
      gsl_vector_set (ctx->grad_bias, j, total);
    }

  /* dx = g W^T */
  if (grad_input)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, ctx->weight,
                    0.0, grad_input);
}

static void
relu_backward (struct Relu *ctx, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  size_t i, j;

  gsl_matrix_memcpy (grad_input, grad_output);
  for (i = 0; i < ctx->input->size1; i++)
    for (j = 0; j < ctx->input->size2; j++)
      if (!(gsl_matrix_get (ctx->input, i, j) > 0.0))
        gsl_matrix_set (grad_input, i, j, 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  struct SoftmaxCE head = { cache->prob, y };
  struct Linear fc2 = { cache->p1, net->W2, g->dW2, g->db2 };
  struct Relu relu1 = { cache->z1 };
  struct Linear fc1 = { X, net->W1, g->dW1, g->db1 };

  softmax_ce_backward (&head, g->dz2);
  linear_backward (&fc2, g->dz2, g->dp1, reg);
  relu_backward (&relu1, g->dp1, g->dz1);
  linear_backward (&fc1, g->dz1, NULL, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
