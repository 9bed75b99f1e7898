// backward pass for the 2-layer MLP, nn.Module style
// each module gets a ctx with what forward "saved for backward"
// and a backward(ctx, grad_out, grad_in) function pointer.
// I index ->data directly (row i starts at data + i*tda).

#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

struct linear { const gsl_matrix *W; gsl_matrix *dW; gsl_vector *db; };

struct ctx {
    const gsl_matrix *saved;   // input of linear / output of relu
    struct linear *lin;        // NULL for relu
    double wd;
};

typedef void (*backward_fn)(struct ctx *, const gsl_matrix *, gsl_matrix *);

static void linear_backward(struct ctx *ctx, const gsl_matrix *grad_out,
                            gsl_matrix *grad_in)
{
    const gsl_matrix *x = ctx->saved, *W = ctx->lin->W;
    gsl_matrix *dW = ctx->lin->dW;
    gsl_vector *db = ctx->lin->db;
    size_t N = x->size1, K = W->size1, M = W->size2;

    for (size_t k = 0; k < K; k++)
        for (size_t m = 0; m < M; m++) {
            double s = 2.0 * ctx->wd * EL(W, k, m);
            for (size_t n = 0; n < N; n++)
                s += EL(x, n, k) * EL(grad_out, n, m);
            EL(dW, k, m) = s;
        }
    for (size_t m = 0; m < M; m++) {
        double s = 0;
        for (size_t n = 0; n < N; n++)
            s += EL(grad_out, n, m);
        db->data[m * db->stride] = s;
    }
    if (!grad_in) return;
    for (size_t n = 0; n < N; n++)
        for (size_t k = 0; k < K; k++) {
            double s = 0;
            for (size_t m = 0; m < M; m++)
                s += EL(grad_out, n, m) * EL(W, k, m);
            EL(grad_in, n, k) = s;
        }
}

// relu saved its OUTPUT; out > 0 exactly where in > 0
static void relu_backward(struct ctx *ctx, const gsl_matrix *grad_out,
                          gsl_matrix *grad_in)
{
    const gsl_matrix *out = ctx->saved;
    for (size_t n = 0; n < out->size1; n++)
        for (size_t h = 0; h < out->size2; h++)
            EL(grad_in, n, h) = EL(out, n, h) > 0 ? EL(grad_out, n, h) : 0.0;
}

static void softmax_xent_backward(const gsl_matrix *prob, const size_t *y,
                                  gsl_matrix *grad_logits)
{
    size_t N = prob->size1, C = prob->size2;
    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < C; c++)
            EL(grad_logits, n, c) = (EL(prob, n, c) - (c == y[n])) / (double) N;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct linear l1 = { net->W1, g->dW1, g->db1 };
    struct linear l2 = { net->W2, g->dW2, g->db2 };
    struct ctx c_fc1  = { X,         &l1, reg };
    struct ctx c_relu = { cache->p1, NULL, 0 };
    struct ctx c_fc2  = { cache->p1, &l2, reg };

    // the "graph", last op first
    struct { backward_fn fn; struct ctx *ctx; const gsl_matrix *gout; gsl_matrix *gin; }
    tape[] = {
        { linear_backward, &c_fc2,  g->dz2, g->dp1 },
        { relu_backward,   &c_relu, g->dp1, g->dz1 },
        { linear_backward, &c_fc1,  g->dz1, NULL   },
    };

    softmax_xent_backward(cache->prob, y, g->dz2);
    for (size_t t = 0; t < sizeof tape / sizeof tape[0]; t++)
        tape[t].fn(tape[t].ctx, tape[t].gout, tape[t].gin);

    g->present = BP_GRADS_ALL;
    return 0;
}
