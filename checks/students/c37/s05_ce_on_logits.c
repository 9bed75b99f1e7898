/* backward.c  --  manual autograd for fc1 -> relu -> fc2 -> CrossEntropyLoss
 *
 * Every layer = (ctx struct, backward fn).  ctx holds what forward saved.
 * nn.CrossEntropyLoss takes the raw logits, so its ctx saves z2 (the
 * logits) and the targets, like in PyTorch.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* ------------------------------------------------------------------ ctx */

typedef struct {
  const gsl_matrix *logits;     /* (N, C) */
  const size_t *target;         /* (N)    */
} ce_ctx;

typedef struct {
  const gsl_matrix *x;          /* input (N, in) */
  const gsl_matrix *W;          /* (in, out) */
} linear_ctx;

typedef struct {
  const gsl_matrix *z;          /* relu input */
} relu_ctx;

/* ------------------------------------------------------------ backward */

/* grad of mean CE wrt logits: (softmax - onehot) / N */
static void
ce_backward (const ce_ctx *ctx, gsl_matrix *grad_input)
{
  size_t N = ctx->logits->size1, n;

  gsl_matrix_memcpy (grad_input, ctx->logits);
  for (n = 0; n < N; n++)
    {
      double v = gsl_matrix_get (grad_input, n, ctx->target[n]);
      gsl_matrix_set (grad_input, n, ctx->target[n], v - 1.0);
    }
  gsl_matrix_scale (grad_input, 1.0 / N);
}

static void
linear_backward (const linear_ctx *ctx, const gsl_matrix *grad_output,
                 double reg, gsl_matrix *grad_input, gsl_matrix *grad_W,
                 gsl_vector *grad_b)
{
  size_t j;

  /* grad_W = x^T @ grad_output + 2*reg*W */
  gsl_matrix_memcpy (grad_W, ctx->W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, ctx->x, grad_output,
                  2.0 * reg, grad_W);

  /* grad_b = grad_output.sum(0) */
  for (j = 0; j < grad_output->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (grad_output, j);
      double s = 0.0;
      size_t n;
      for (n = 0; n < col.vector.size; n++)
        s += gsl_vector_get (&col.vector, n);
      gsl_vector_set (grad_b, j, s);
    }

  /* grad_input = grad_output @ W^T */
  if (grad_input != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, ctx->W, 0.0,
                    grad_input);
}

static void
relu_backward (const relu_ctx *ctx, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  size_t i, j;
  for (i = 0; i < grad_output->size1; i++)
    for (j = 0; j < grad_output->size2; j++)
      {
        double go = gsl_matrix_get (grad_output, i, j);
        gsl_matrix_set (grad_input, i, j,
                        gsl_matrix_get (ctx->z, i, j) > 0.0 ? go : 0.0);
      }
}

/* ----------------------------------------------------------------- main */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  ce_ctx loss_ctx;
  linear_ctx fc1_ctx, fc2_ctx;
  relu_ctx act_ctx;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  loss_ctx.logits = cache->z2;
  loss_ctx.target = y;
  fc2_ctx.x = cache->p1;
  fc2_ctx.W = net->W2;
  act_ctx.z = cache->z1;
  fc1_ctx.x = X;
  fc1_ctx.W = net->W1;

  ce_backward (&loss_ctx, g->dz2);
  linear_backward (&fc2_ctx, g->dz2, reg, g->dp1, g->dW2, g->db2);
  relu_backward (&act_ctx, g->dp1, g->dz1);
  linear_backward (&fc1_ctx, g->dz1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
