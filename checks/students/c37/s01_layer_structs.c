/* backward.c -- Assignment 2, part B: backprop by hand in C.
 *
 * I kept the structure of my PyTorch version: one struct per layer that
 * holds what forward() would have put in ctx (save_for_backward), and one
 * backward function per layer that maps grad_output -> grad_input and
 * fills grad_weight / grad_bias.  The layers are then called in reverse.
 *
 *   fc1 -> relu -> fc2 -> cross_entropy(mean)
 *
 * The 1/N of the mean is applied at the very end to everything (it is a
 * common factor of the whole chain, the chain is linear in grad_output),
 * and only then is the weight decay added, since that one is not a mean.
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* ---- "ctx" structs ---------------------------------------------------- */

typedef struct {
  const gsl_matrix *logits;     /* saved: z2 (N, C) */
  const size_t *target;         /* saved: y (N) */
} CrossEntropyCtx;

typedef struct {
  const gsl_matrix *input;      /* saved: x of y = x W + b, (N, in) */
  const gsl_matrix *weight;     /* (in, out) */
  gsl_matrix *grad_weight;      /* (in, out) */
  gsl_vector *grad_bias;        /* (out) */
} LinearCtx;

typedef struct {
  const gsl_matrix *input;      /* saved: pre-activation z1 */
} ReLUCtx;

/* ---- backward functions ----------------------------------------------- */

/* grad_input = softmax(logits) - onehot(target), WITHOUT the 1/N (see top).
 * I recompute the softmax from the logits like F.cross_entropy does
 * internally (log-sum-exp trick, subtract the row max first). */
static void
cross_entropy_backward (const CrossEntropyCtx *ctx, gsl_matrix *grad_input)
{
  size_t n, c;
  for (n = 0; n < ctx->logits->size1; n++)
    {
      double mx = gsl_matrix_get (ctx->logits, n, 0);
      double denom = 0.0;
      for (c = 1; c < ctx->logits->size2; c++)
        if (gsl_matrix_get (ctx->logits, n, c) > mx)
          mx = gsl_matrix_get (ctx->logits, n, c);
      for (c = 0; c < ctx->logits->size2; c++)
        {
          double e = exp (gsl_matrix_get (ctx->logits, n, c) - mx);
          gsl_matrix_set (grad_input, n, c, e);
          denom += e;
        }
      for (c = 0; c < ctx->logits->size2; c++)
        gsl_matrix_set (grad_input, n, c,
                        gsl_matrix_get (grad_input, n, c) / denom);
      /* the -1 at the true class */
      gsl_matrix_set (grad_input, n, ctx->target[n],
                      gsl_matrix_get (grad_input, n, ctx->target[n]) - 1.0);
    }
}

/* y = x W + b:
 *   grad_weight = x^T grad_output
 *   grad_bias   = grad_output.sum(dim=0)
 *   grad_input  = grad_output W^T      (skipped when grad_input == NULL) */
static void
linear_backward (LinearCtx *ctx, const gsl_matrix *grad_output,
                 gsl_matrix *grad_input)
{
  size_t n, j;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, ctx->input, grad_output,
                  0.0, ctx->grad_weight);

  gsl_vector_set_zero (ctx->grad_bias);
  for (n = 0; n < grad_output->size1; n++)
    for (j = 0; j < grad_output->size2; j++)
      gsl_vector_set (ctx->grad_bias, j,
                      gsl_vector_get (ctx->grad_bias, j)
                      + gsl_matrix_get (grad_output, n, j));

  if (grad_input != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, ctx->weight,
                    0.0, grad_input);
}

static void
relu_backward (const ReLUCtx *ctx, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  size_t i, j;
  for (i = 0; i < grad_output->size1; i++)
    for (j = 0; j < grad_output->size2; j++)
      gsl_matrix_set (grad_input, i, j,
                      gsl_matrix_get (ctx->input, i, j) > 0.0
                      ? gsl_matrix_get (grad_output, i, j) : 0.0);
}

/* grad += 2 * reg * W   (loss has reg * ||W||^2, no 1/2) */
static void
weight_decay (const gsl_matrix *W, double reg, gsl_matrix *grad)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (grad, i, j, gsl_matrix_get (grad, i, j)
                      + 2.0 * reg * gsl_matrix_get (W, i, j));
}

/* ---- the whole thing ----------------------------------------------------- */

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  double invN;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* what forward() saved */
  CrossEntropyCtx ce = { cache->z2, y };
  LinearCtx fc2 = { cache->p1, net->W2, g->dW2, g->db2 };
  ReLUCtx relu = { cache->z1 };
  LinearCtx fc1 = { X, net->W1, g->dW1, g->db1 };

  /* loss.backward(), in reverse order of the forward */
  cross_entropy_backward (&ce, g->dz2);
  linear_backward (&fc2, g->dz2, g->dp1);
  relu_backward (&relu, g->dp1, g->dz1);
  linear_backward (&fc1, g->dz1, NULL);     /* no grad for X */

  /* the mean: scale everything once */
  gsl_matrix_scale (g->dz2, invN);
  gsl_matrix_scale (g->dW2, invN);
  gsl_vector_scale (g->db2, invN);
  gsl_matrix_scale (g->dp1, invN);
  gsl_matrix_scale (g->dz1, invN);
  gsl_matrix_scale (g->dW1, invN);
  gsl_vector_scale (g->db1, invN);

  /* L2 on weights only, after the mean */
  weight_decay (net->W2, reg, g->dW2);
  weight_decay (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
