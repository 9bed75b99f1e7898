// ============================================================================
//  backward.c  -  Deep Learning MSc, lab 4: "be the autograd"
//
//  Graph:   X --fc1--> z1 --relu--> p1 --fc2--> z2 --softmax+CE(mean)--> L
//
//  Every op has a *_ctx_t with the tensors its forward would have saved
//  (ctx.save_for_backward), plus an op_backward(ctx, grad_output, ...).
//  Matmuls go through gsl_blas_dgemm.
// ============================================================================

#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

typedef struct {
    const gsl_matrix *prob;
    const size_t     *y;
} xent_ctx_t;

typedef struct {
    const gsl_matrix *inp;      // layer input  (N x fan_in)
    const gsl_matrix *weight;   // (fan_in x fan_out)
} linear_ctx_t;

typedef struct {
    const gsl_matrix *pre;      // pre-activation
} relu_ctx_t;

static void xent_backward(const xent_ctx_t *ctx, gsl_matrix *grad_logits)
{
    const size_t N = ctx->prob->size1;
    const size_t C = ctx->prob->size2;

    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < C; c++) {
            double t = (ctx->y[n] == c) ? 1.0 : 0.0;
            gsl_matrix_set(grad_logits, n, c,
                           (gsl_matrix_get(ctx->prob, n, c) - t) / (double)N);
        }
}

// grad_weight = inp^T @ grad_out + 2*reg*W ; grad_bias = grad_out.sum(0);
// grad_inp = grad_out @ W^T (if asked)
static void linear_backward(const linear_ctx_t *ctx, const gsl_matrix *grad_out,
                            double reg, gsl_matrix *grad_inp,
                            gsl_matrix *grad_weight, gsl_vector *grad_bias)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, ctx->inp, grad_out,
                   0.0, grad_weight);
    for (size_t i = 0; i < grad_weight->size1; i++)
        for (size_t j = 0; j < grad_weight->size2; j++)
            *gsl_matrix_ptr(grad_weight, i, j) +=
                2.0 * reg * gsl_matrix_get(ctx->weight, i, j);

    gsl_vector_set_zero(grad_bias);
    for (size_t n = 0; n < grad_out->size1; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(grad_out, n);
        gsl_vector_add(grad_bias, &row.vector);
    }

    if (grad_inp)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_out, ctx->weight,
                       0.0, grad_inp);
}

static void relu_backward(const relu_ctx_t *ctx, const gsl_matrix *grad_out,
                          gsl_matrix *grad_inp)
{
    for (size_t i = 0; i < grad_out->size1; i++)
        for (size_t j = 0; j < grad_out->size2; j++) {
            double keep = gsl_matrix_get(ctx->pre, i, j) > 0.0;
            gsl_matrix_set(grad_inp, i, j, keep * gsl_matrix_get(grad_out, i, j));
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // ---- ctx, as the forward would have saved them ----
    xent_ctx_t   ce   = { .prob = cache->prob, .y = y };
    linear_ctx_t fc2  = { .inp = cache->z1,   .weight = net->W2 };
    relu_ctx_t   act  = { .pre = cache->z1 };
    linear_ctx_t fc1  = { .inp = X,           .weight = net->W1 };

    // ---- backward, last op first ----
    xent_backward(&ce, g->dz2);
    linear_backward(&fc2, g->dz2, reg, g->dp1, g->dW2, g->db2);
    relu_backward(&act, g->dp1, g->dz1);
    linear_backward(&fc1, g->dz1, reg, NULL, g->dW1, g->db1);

    // TODO: free nothing? everything is on the stack. ok.
    g->present = BP_GRADS_ALL;
    return 0;
}
