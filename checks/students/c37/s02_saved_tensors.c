/* ML2 homework 3 -- manual backward pass (C / GSL)
 *
 * Mimics torch.autograd.Function: every op gets a Ctx with a small
 * saved_tensors[] array, filled from the forward cache, and a static
 * backward(ctx, grad_output) -> grad_input.
 *
 * Notes to self:
 *  - ReLU saves its OUTPUT, like torch does for relu (result > 0 is the
 *    same mask as input > 0).
 *  - weight decay trick: put W into grad_W first, then dgemm with
 *    beta = 2*reg, so grad_W = x^T g + 2 reg W in one call.
 *  - bias grads with dgemv and a vector of ones (= sum over dim 0).
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <backprop/net.h>
#include <backprop/grads.h>

#define MAX_SAVED 3

typedef struct {
  const gsl_matrix *saved_tensors[MAX_SAVED];
  int n_saved;
  double reg;                   /* only used by linear */
} Ctx;

static void
save_for_backward (Ctx *ctx, const gsl_matrix *a, const gsl_matrix *b)
{
  ctx->saved_tensors[0] = a;
  ctx->saved_tensors[1] = b;
  ctx->n_saved = (b != NULL) ? 2 : 1;
}

/* softmax + NLL, mean reduction.  saved: prob */
static int
softmax_nll_backward (const Ctx *ctx, const size_t *target, gsl_matrix *grad_input)
{
  const gsl_matrix *prob = ctx->saved_tensors[0];
  size_t N = prob->size1, i;

  gsl_matrix_memcpy (grad_input, prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (grad_input, i, target[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (grad_input, 1.0 / (double) N);
  return 0;
}

/* Linear, saved: input x (N, in), weight W (in, out).
 * grad_weight = x^T grad_output + 2 reg W
 * grad_bias   = 1^T grad_output
 * grad_input  = grad_output W^T */
static int
linear_backward (const Ctx *ctx, const gsl_matrix *grad_output,
                 gsl_matrix *grad_input, gsl_matrix *grad_weight,
                 gsl_vector *grad_bias, const gsl_vector *ones)
{
  const gsl_matrix *x = ctx->saved_tensors[0];
  const gsl_matrix *W = ctx->saved_tensors[1];

  gsl_matrix_memcpy (grad_weight, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, grad_output,
                  2.0 * ctx->reg, grad_weight);

  gsl_blas_dgemv (CblasTrans, 1.0, grad_output, ones, 0.0, grad_bias);

  if (grad_input)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, W,
                    0.0, grad_input);
  return 0;
}

/* ReLU, saved: output p = relu(z) */
static int
relu_backward (const Ctx *ctx, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  const gsl_matrix *out = ctx->saved_tensors[0];
  size_t i, j;

  for (i = 0; i < out->size1; i++)
    for (j = 0; j < out->size2; j++)
      {
        double mask = gsl_matrix_get (out, i, j) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (grad_input, i, j,
                        mask * gsl_matrix_get (grad_output, i, j));
      }
  return 0;
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  Ctx ctx_loss, ctx_fc2, ctx_relu, ctx_fc1;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* "forward": fill the ctxs */
  save_for_backward (&ctx_loss, cache->prob, NULL);
  save_for_backward (&ctx_fc2, cache->p1, net->W2);
  save_for_backward (&ctx_relu, cache->p1, NULL);
  save_for_backward (&ctx_fc1, X, net->W1);
  ctx_fc2.reg = reg;
  ctx_fc1.reg = reg;

  /* backward, reverse order */
  softmax_nll_backward (&ctx_loss, y, g->dz2);
  linear_backward (&ctx_fc2, g->dz2, g->dp1, g->dW2, g->db2, ones);
  relu_backward (&ctx_relu, g->dp1, g->dz1);
  linear_backward (&ctx_fc1, g->dz1, NULL, g->dW1, g->db1, ones);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
