/* backward.c
 *
 * Backward pass written layer by layer, top to bottom, each layer its own
 * function (I did not bother with a generic Linear: fc2 and fc1 are
 * separate so that the shapes are written out in the comments).
 *
 * PyTorch equivalents in the comments.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include <backprop/net.h>
#include <backprop/grads.h>

struct saved {
  const gsl_matrix *x;          /* (N, D)  */
  const gsl_matrix *z1;         /* (N, H)  */
  const gsl_matrix *p1;         /* (N, H)  */
  const gsl_matrix *prob;       /* (N, C)  */
  const size_t *y;
};

/* grad_output of the loss wrt z2:  (prob - F.one_hot(y)) / N */
static void
loss_backward (const struct saved *ctx, gsl_matrix *dz2)
{
  size_t N = dz2->size1, n;

  gsl_matrix_memcpy (dz2, ctx->prob);
  for (n = 0; n < N; n++)
    *gsl_matrix_ptr (dz2, n, ctx->y[n]) -= 1.0;
  gsl_matrix_scale (dz2, 1.0 / N);
}

/* fc2: z2 = p1 @ W2 + b2
 *   dW2 = p1.T @ dz2 + 2 reg W2      (H, C)
 *   db2 = dz2.sum(dim=0)             (C)
 *   dp1 = dz2 @ W2.T                 (N, H) */
static void
fc2_backward (const struct saved *ctx, const bp_net *net, double reg,
              const gsl_matrix *dz2, bp_grads *g)
{
  size_t c;

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, ctx->p1, dz2, 2.0 * reg,
                  g->dW2);

  for (c = 0; c < g->db2->size; c++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (dz2, c);
      double acc = 0.0;
      size_t k;
      for (k = 0; k < r.vector.size; k++)
        acc += gsl_vector_get (&r.vector, k);
      gsl_vector_set (g->db2, c, acc);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, net->W2, 0.0, g->dp1);
}

/* relu: dz1 = dp1 * (z1 > 0) */
static void
relu_backward (const struct saved *ctx, const gsl_matrix *dp1, gsl_matrix *dz1)
{
  size_t i, j;
  for (i = 0; i < dz1->size1; i++)
    for (j = 0; j < dz1->size2; j++)
      gsl_matrix_set (dz1, i, j, gsl_matrix_get (ctx->z1, i, j) > 0.0
                      ? gsl_matrix_get (dp1, i, j) : 0.0);
}

/* fc1: z1 = x @ W1 + b1
 *   dW1 = x.T @ dz1 + 2 reg W1       (D, H)
 *   db1 = dz1.sum(dim=0)             (H)
 *   (no dx needed) */
static void
fc1_backward (const struct saved *ctx, const bp_net *net, double reg,
              const gsl_matrix *dz1, bp_grads *g)
{
  gsl_vector *ones = gsl_vector_alloc (dz1->size1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, ctx->x, dz1, 2.0 * reg,
                  g->dW1);

  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct saved ctx;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  ctx.x = X;
  ctx.z1 = cache->z1;
  ctx.p1 = cache->p1;
  ctx.prob = cache->prob;
  ctx.y = y;

  loss_backward (&ctx, g->dz2);
  fc2_backward (&ctx, net, reg, g->dz2, g);
  relu_backward (&ctx, g->dp1, g->dz1);
  fc1_backward (&ctx, net, reg, g->dz1, g);

  g->present = BP_GRADS_ALL;
  return 0;
}
