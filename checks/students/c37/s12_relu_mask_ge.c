/*
 * backward.c -- Lab 5, manual backprop (C + GSL)
 *
 * autograd-style: ctx_* structs hold the saved tensors, *_backward()
 * takes grad_output and returns grad_input through an out-parameter.
 * torch's relu saves its result, not its input, so mine does too:
 * ctx_relu.result = p1.
 *
 * TODO(me): the two linear backwards are copy-paste, could merge.
 */

#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

struct ctx_relu { const gsl_matrix *result; };
struct ctx_linear { const gsl_matrix *x, *w; };

static void
ce_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *gin)
{
  const size_t N = prob->size1;
  gsl_matrix_memcpy (gin, prob);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (gin, n, y[n], gsl_matrix_get (gin, n, y[n]) - 1.0);
  gsl_matrix_scale (gin, 1.0 / N);
}

static void
relu_backward (const struct ctx_relu *ctx, const gsl_matrix *gout,
               gsl_matrix *gin)
{
  for (size_t i = 0; i < gout->size1; i++)
    for (size_t j = 0; j < gout->size2; j++)
      {
        int active = gsl_matrix_get (ctx->result, i, j) >= 0.0;
        gsl_matrix_set (gin, i, j, active ? gsl_matrix_get (gout, i, j) : 0.0);
      }
}

static void
fc2_backward (const struct ctx_linear *ctx, const gsl_matrix *gout, double reg,
              gsl_matrix *gW, gsl_vector *gb, gsl_matrix *gin)
{
  gsl_matrix_memcpy (gW, ctx->w);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, ctx->x, gout, 2 * reg, gW);

  gsl_vector_set_zero (gb);
  for (size_t n = 0; n < gout->size1; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (gout, n);
      gsl_vector_add (gb, &r.vector);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, gout, ctx->w, 0.0, gin);
}

static void
fc1_backward (const struct ctx_linear *ctx, const gsl_matrix *gout, double reg,
              gsl_matrix *gW, gsl_vector *gb)
{
  gsl_matrix_memcpy (gW, ctx->w);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, ctx->x, gout, 2 * reg, gW);

  gsl_vector_set_zero (gb);
  for (size_t n = 0; n < gout->size1; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (gout, n);
      gsl_vector_add (gb, &r.vector);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  struct ctx_linear l1 = { X, net->W1 };
  struct ctx_relu a1 = { cache->p1 };
  struct ctx_linear l2 = { cache->p1, net->W2 };

  ce_backward (cache->prob, y, g->dz2);
  fc2_backward (&l2, g->dz2, reg, g->dW2, g->db2, g->dp1);
  relu_backward (&a1, g->dp1, g->dz1);
  fc1_backward (&l1, g->dz1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
