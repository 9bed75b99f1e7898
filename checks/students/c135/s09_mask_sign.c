// Assignment 3 -- backward pass
// workspace struct (ws) allocated on first use, freed before returning.
// stage functions fill it in order: softmax, fc2, hidden, relu, fc1.
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
    gsl_matrix *g_out;    // N x C
    gsl_matrix *g_hid;    // N x H
    gsl_matrix *g_pre;    // N x H, after relu
} ws_t;

static ws_t ws;

static int ws_init(size_t N, size_t H, size_t C) {
    if (ws.g_out == NULL) {
        ws.g_out = gsl_matrix_alloc(N, C);
        ws.g_hid = gsl_matrix_alloc(N, H);
        ws.g_pre = gsl_matrix_alloc(N, H);
    }
    return ws.g_out && ws.g_hid && ws.g_pre;
}

static void ws_done(void) {
    gsl_matrix_free(ws.g_out);
    gsl_matrix_free(ws.g_hid);
    gsl_matrix_free(ws.g_pre);
    ws.g_out = ws.g_hid = ws.g_pre = NULL;
}

static void fc_backward(const gsl_matrix *in, const gsl_matrix *dout,
                        const gsl_matrix *W, double reg,
                        gsl_matrix *dW, gsl_vector *db) {
    size_t i;
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);
    gsl_vector_set_zero(db);
    for (i = 0; i < dout->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dout, i);
        gsl_vector_add(db, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
    if (!ws_init(N, net->H, net->C)) { ws_done(); return 1; }

    // softmax
    gsl_matrix_memcpy(ws.g_out, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(ws.g_out, i, y[i], gsl_matrix_get(ws.g_out, i, y[i]) - 1.0);
    gsl_matrix_scale(ws.g_out, 1.0 / (double)N);
    gsl_matrix_memcpy(g->dz2, ws.g_out);

    // fc2
    fc_backward(cache->p1, ws.g_out, net->W2, reg, g->dW2, g->db2);

    // hidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, ws.g_out, net->W2, 0.0, ws.g_hid);
    gsl_matrix_memcpy(g->dp1, ws.g_hid);

    // relu: only pass gradient through where it is positive
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++) {
            double v = gsl_matrix_get(ws.g_hid, i, j);
            gsl_matrix_set(ws.g_pre, i, j, v > 0 ? v : 0.0);
        }
    gsl_matrix_memcpy(g->dz1, ws.g_pre);

    // fc1
    fc_backward(X, ws.g_pre, net->W1, reg, g->dW1, g->db1);

    ws_done();
    g->present = BP_GRADS_ALL;
    return 0;
}
