/*
 * Intro to Neural Networks -- Lab 4 (backward pass)
 * Nadia Petrova
 *
 * Each dense layer is a layer_t: pointers to its input, weights and
 * gradients, and its own weight-decay strength (so one could regularise
 * the layers differently).  backward() calls the layers in reverse order.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

typedef struct {
    const gsl_matrix *in;     /* N x K */
    const gsl_matrix *W;      /* K x M */
    gsl_matrix *dW;           /* K x M */
    gsl_vector *db;           /* M */
    gsl_matrix *dout;         /* N x M */
    gsl_matrix *din;          /* N x K or NULL */
    double reg;               /* weight decay of this layer */
} layer_t;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void softmax_ce_backward(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz) {
    size_t N = prob->size1, i;
    gsl_matrix_memcpy(dz, prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dz, i, y[i], gsl_matrix_get(dz, i, y[i]) - 1.0);
    gsl_matrix_scale(dz, 1.0 / (double) N);
}

static void dense_backward(const layer_t *L) {
    size_t i, j;

    gsl_matrix_memcpy(L->dW, L->W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, L->in, L->dout, 2.0 * L->reg, L->dW);

    gsl_vector_set_zero(L->db);
    for (i = 0; i < L->dout->size1; i++)
        for (j = 0; j < L->dout->size2; j++)
            *gsl_vector_ptr(L->db, j) += gsl_matrix_get(L->dout, i, j);

    if (L->din != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, L->dout, L->W, 0.0, L->din);
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *din) {
    size_t i, j;
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++)
            gsl_matrix_set(din, i, j, gsl_matrix_get(z, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    layer_t layers[2] = {
        { .in = X,         .W = net->W1, .dW = g->dW1, .db = g->db1, .dout = g->dz1, .din = NULL },
        { .in = cache->p1, .W = net->W2, .dW = g->dW2, .db = g->db2, .dout = g->dz2, .din = g->dp1, .reg = reg },
    };

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    softmax_ce_backward(cache->prob, y, g->dz2);
    dense_backward(&layers[1]);
    relu_backward(g->dp1, cache->z1, g->dz1);
    dense_backward(&layers[0]);

    g->present = BP_GRADS_ALL;
    return 0;
}
