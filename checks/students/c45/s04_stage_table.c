/*
 * backward.c
 *
 * Machine Learning Systems -- coursework 1, part B
 * Student: Daniel Okafor
 *
 * The backward pass is organised as a table of stages, one per gradient,
 * run in order over a shared context.  Every stage returns a GSL status,
 * and the driver stops at the first failure and releases the context's
 * temporaries in one place.  This made it easy to unit-test the stages
 * one at a time.
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct backward_ctx {
    const bp_net   *net;
    const gsl_matrix *X;
    const size_t   *labels;
    double          reg;
    const bp_cache *cache;
    bp_grads       *grads;
    gsl_matrix     *W2_t;     /* C x H, transpose of W2 */
    gsl_vector     *gate;     /* H, 0/1 ReLU gate of one sample */
} backward_ctx;

typedef int (*stage_fn)(backward_ctx *ctx);

static int stage_scores(backward_ctx *ctx)
{
    const size_t n = ctx->X->size1;
    size_t i;
    int status = gsl_matrix_memcpy(ctx->grads->dz2, ctx->cache->prob);

    if (status != GSL_SUCCESS) {
        return status;
    }
    for (i = 0; i < n; ++i) {
        const size_t t = ctx->labels[i];
        gsl_matrix_set(ctx->grads->dz2, i, t,
                       gsl_matrix_get(ctx->grads->dz2, i, t) - 1.0);
    }
    return gsl_matrix_scale(ctx->grads->dz2, 1.0 / (double) n);
}

/* dW = A' dZ + 2 reg W, via a temporary copy of W */
static int weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                       const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_matrix *decay = gsl_matrix_alloc(W->size1, W->size2);
    int status;

    if (decay == NULL) {
        return GSL_ENOMEM;
    }
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
    if (status == GSL_SUCCESS) {
        status = gsl_matrix_memcpy(decay, W);
    }
    if (status == GSL_SUCCESS) {
        status = gsl_matrix_scale(decay, 2.0 * reg);
    }
    if (status == GSL_SUCCESS) {
        status = gsl_matrix_add(dW, decay);
    }
    gsl_matrix_free(decay);
    return status;
}

static int sum_rows(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t i;

    gsl_vector_set_zero(db);
    for (i = 0; i < dZ->size1; ++i) {
        gsl_vector_const_view row = gsl_matrix_const_row(dZ, i);
        int status = gsl_vector_add(db, &row.vector);
        if (status != GSL_SUCCESS) {
            return status;
        }
    }
    return GSL_SUCCESS;
}

static int stage_W2(backward_ctx *ctx)
{
    return weight_grad(ctx->cache->p1, ctx->grads->dz2, ctx->net->W2,
                       ctx->reg, ctx->grads->dW2);
}

static int stage_b2(backward_ctx *ctx)
{
    return sum_rows(ctx->grads->dz2, ctx->grads->db2);
}

/* dp1_i = (W2')' dz2_i: dgemv with Trans on the stored transpose */
static int stage_hidden(backward_ctx *ctx)
{
    size_t i;

    for (i = 0; i < ctx->X->size1; ++i) {
        gsl_vector_const_view d_out = gsl_matrix_const_row(ctx->grads->dz2, i);
        gsl_vector_view d_hid = gsl_matrix_row(ctx->grads->dp1, i);
        int status = gsl_blas_dgemv(CblasTrans, 1.0, ctx->W2_t, &d_out.vector,
                                    0.0, &d_hid.vector);
        if (status != GSL_SUCCESS) {
            return status;
        }
    }
    return GSL_SUCCESS;
}

static int stage_relu(backward_ctx *ctx)
{
    size_t i, j;

    for (i = 0; i < ctx->X->size1; ++i) {
        gsl_vector_const_view pre = gsl_matrix_const_row(ctx->cache->z1, i);
        gsl_vector_const_view up = gsl_matrix_const_row(ctx->grads->dp1, i);
        gsl_vector_view out = gsl_matrix_row(ctx->grads->dz1, i);
        int status;

        for (j = 0; j < ctx->gate->size; ++j) {
            gsl_vector_set(ctx->gate, j,
                           gsl_vector_get(&pre.vector, j) > 0.0 ? 1.0 : 0.0);
        }
        status = gsl_vector_memcpy(&out.vector, &up.vector);
        if (status == GSL_SUCCESS) {
            status = gsl_vector_mul(&out.vector, ctx->gate);
        }
        if (status != GSL_SUCCESS) {
            return status;
        }
    }
    return GSL_SUCCESS;
}

static int stage_W1(backward_ctx *ctx)
{
    return weight_grad(ctx->X, ctx->grads->dz1, ctx->net->W1, ctx->reg,
                       ctx->grads->dW1);
}

static int stage_b1(backward_ctx *ctx)
{
    return sum_rows(ctx->grads->dz1, ctx->grads->db1);
}

static const stage_fn STAGES[] = {
    stage_scores, stage_W2, stage_b2, stage_hidden,
    stage_relu, stage_W1, stage_b1
};
#define N_STAGES (sizeof STAGES / sizeof STAGES[0])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    backward_ctx ctx;
    size_t s;
    int status = GSL_SUCCESS;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1) {
        return GSL_EBADLEN;
    }

    ctx.net = net;
    ctx.X = X;
    ctx.labels = y;
    ctx.reg = reg;
    ctx.cache = cache;
    ctx.grads = g;
    ctx.W2_t = gsl_matrix_alloc(net->C, net->H);
    ctx.gate = gsl_vector_alloc(net->H);
    if (ctx.W2_t == NULL || ctx.gate == NULL) {
        status = GSL_ENOMEM;
        goto cleanup;
    }
    status = gsl_matrix_transpose_memcpy(ctx.W2_t, net->W2);
    if (status != GSL_SUCCESS) {
        goto cleanup;
    }

    for (s = 0; s < N_STAGES; ++s) {
        status = STAGES[s](&ctx);
        if (status != GSL_SUCCESS) {
            goto cleanup;
        }
    }
    g->present = BP_GRADS_ALL;

cleanup:
    gsl_vector_free(ctx.gate);
    gsl_matrix_free(ctx.W2_t);
    return status;
}
