/**
 * @file backward.c
 * @brief Backward pass of the two-layer network (bootcamp assignment 6).
 *
 * Built on my "mini framework" from the capstone: every layer has a
 * config struct (number of units, activation, bias on/off) and the
 * backward code switches on the activation, so the same function works
 * for sigmoid, tanh and relu networks.
 */

#include <stdbool.h>
#include <stddef.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/** Supported activations. */
typedef enum activation {
    ACT_SIGMOID,
    ACT_TANH,
    ACT_RELU,
    ACT_LINEAR
} activation;

/** Per-layer configuration. */
typedef struct layer_config {
    size_t n_units;
    activation act;
    bool use_bias;
} layer_config;

/**
 * @brief din = dout * act'(.), elementwise.
 * @param z    pre-activation (needed for relu)
 * @param a    post-activation (cheaper for sigmoid / tanh)
 */
static int activation_backward(const gsl_matrix *dout, const gsl_matrix *z,
                               const gsl_matrix *a, activation act,
                               gsl_matrix *din)
{
    if (dout == NULL || z == NULL || a == NULL || din == NULL) {
        return -1;
    }
    for (size_t i = 0; i < dout->size1; i++) {
        for (size_t j = 0; j < dout->size2; j++) {
            double d = gsl_matrix_get(dout, i, j);
            double av = gsl_matrix_get(a, i, j);
            double deriv;
            switch (act) {
            case ACT_SIGMOID: deriv = av * (1.0 - av); break;
            case ACT_TANH:    deriv = 1.0 - av * av; break;
            case ACT_RELU:    deriv = gsl_matrix_get(z, i, j) > 0.0 ? 1.0 : 0.0; break;
            case ACT_LINEAR:
            default:          deriv = 1.0; break;
            }
            gsl_matrix_set(din, i, j, d * deriv);
        }
    }
    return 0;
}

/**
 * @brief dW = in^T dout + 2 reg W, db = column sums of dout (if wanted).
 */
static int dense_backward_params(const gsl_matrix *in, const gsl_matrix *dout,
                                 const gsl_matrix *W, double reg,
                                 const layer_config *cfg,
                                 gsl_matrix *dW, gsl_vector *db)
{
    if (in == NULL || dout == NULL || W == NULL || cfg == NULL || dW == NULL) {
        return -1;
    }
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);
    if (cfg->use_bias && db != NULL) {
        for (size_t j = 0; j < dout->size2; j++) {
            double s = 0.0;
            for (size_t i = 0; i < dout->size1; i++) {
                s += gsl_matrix_get(dout, i, j);
            }
            gsl_vector_set(db, j, s);
        }
    }
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL) {
        return 1;
    }
    const size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* the network as my framework sees it */
    layer_config hidden = { .n_units = net->H, .use_bias = true };
    layer_config output = { .n_units = net->C, .act = ACT_LINEAR, .use_bias = true };

    int err = 0;

    /* softmax + cross-entropy gradient */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* output layer */
    err |= dense_backward_params(cache->p1, g->dz2, net->W2, reg, &output,
                                 g->dW2, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* hidden layer */
    err |= activation_backward(g->dp1, cache->z1, cache->p1, hidden.act, g->dz1);
    err |= dense_backward_params(X, g->dz1, net->W1, reg, &hidden,
                                 g->dW1, g->db1);

    if (err != 0) {
        return 1;
    }
    g->present = BP_GRADS_ALL;
    return 0;
}
