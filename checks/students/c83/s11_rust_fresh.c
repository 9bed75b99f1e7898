// backward.c -- 2-layer net, backward
//
// Written Rust-style: helpers take const inputs and hand back a *new*
// matrix (owned by the caller, who frees it) instead of mutating.
// Costs a few allocations, but nothing gets clobbered by accident.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// a^T * b, fresh
static gsl_matrix *matmul_tn(const gsl_matrix *const a, const gsl_matrix *const b)
{
    gsl_matrix *const out = gsl_matrix_alloc(a->size2, b->size2);
    if (out != NULL)
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, a, b, 0.0, out);
    return out;
}

// grad + 2 reg w, fresh
static gsl_matrix *with_weight_decay(const gsl_matrix *const grad, const gsl_matrix *const w,
                                     const double reg)
{
    gsl_matrix *const out = gsl_matrix_alloc(grad->size1, grad->size2);
    if (out == NULL)
        return NULL;
    gsl_matrix_memcpy(out, w);
    gsl_matrix_scale(out, 2.0 * reg);
    gsl_matrix_add(out, grad);
    return out;
}

static void sum_rows_into(const gsl_matrix *const m, gsl_vector *const out)
{
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < m->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(m, i);
        gsl_vector_add(out, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t n = X->size1;
    if (n != cache->N || X->size2 != net->D || g->N != n)
        return 1;

    // dz2
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < n; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)n);

    // dW2, db2
    gsl_matrix *const dw2_data = matmul_tn(cache->p1, g->dz2);
    gsl_matrix *const dw2 = with_weight_decay(dw2_data, net->W2, reg);
    if (dw2_data == NULL || dw2 == NULL)
        return 1;
    gsl_matrix_memcpy(g->dW2, dw2);
    gsl_matrix_free(dw2);
    gsl_matrix_free(dw2_data);
    sum_rows_into(g->dz2, g->db2);

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 * [z1 > 0]
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    // dW1, db1
    gsl_matrix *const dw1_data = matmul_tn(X, g->dz1);
    gsl_matrix *const dw1 = with_weight_decay(dw1_data, net->W1, reg);
    if (dw1_data == NULL || dw1 == NULL)
        return 1;
    gsl_matrix_memcpy(g->dW1, dw1_data);
    gsl_matrix_free(dw1);
    gsl_matrix_free(dw1_data);
    sum_rows_into(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
