/*
 * Backward pass for the 2-layer net.
 *
 * Like in the python version, every layer keeps a "cache" of what it saw in
 * the forward pass, and the backward of a layer only needs its cache and the
 * upstream gradient.  Caches are filled from bp_cache at the top of backward.
 * Everything with plain loops (I wanted to see the indices).
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
    const gsl_matrix *x;    /* input to the layer, (N, in) */
    const gsl_matrix *w;    /* weights, (in, out) */
} affine_cache;

typedef struct {
    const gsl_matrix *x;    /* input to the relu (the pre-activation) */
} relu_cache;

static void softmax_loss_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *dx) {
    size_t n = probs->size1, c = probs->size2;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < c; j++) {
            double d = gsl_matrix_get(probs, i, j);
            if (j == y[i])
                d -= 1.0;
            gsl_matrix_set(dx, i, j, d / (double) n);
        }
    }
}

static void affine_backward(const gsl_matrix *dout, const affine_cache *ac,
                            gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db) {
    size_t n = dout->size1, m = dout->size2, k = ac->x->size2;

    /* dw[a][b] = sum_i x[i][a] * dout[i][b] */
    for (size_t a = 0; a < k; a++) {
        for (size_t b = 0; b < m; b++) {
            double s = 0.0;
            for (size_t i = 0; i < n; i++)
                s += gsl_matrix_get(ac->x, i, a) * gsl_matrix_get(dout, i, b);
            gsl_matrix_set(dw, a, b, s);
        }
    }
    /* db[b] = sum_i dout[i][b] */
    for (size_t b = 0; b < m; b++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += gsl_matrix_get(dout, i, b);
        gsl_vector_set(db, b, s);
    }
    if (dx == NULL)
        return;
    /* dx[i][a] = sum_b dout[i][b] * w[a][b] */
    for (size_t i = 0; i < n; i++) {
        for (size_t a = 0; a < k; a++) {
            double s = 0.0;
            for (size_t b = 0; b < m; b++)
                s += gsl_matrix_get(dout, i, b) * gsl_matrix_get(ac->w, a, b);
            gsl_matrix_set(dx, i, a, s);
        }
    }
}

static void relu_backward(const gsl_matrix *dout, const relu_cache *rc,
                          gsl_matrix *dx) {
    for (size_t i = 0; i < dout->size1; i++)
        for (size_t j = 0; j < dout->size2; j++)
            gsl_matrix_set(dx, i, j, gsl_matrix_get(rc->x, i, j) > 0
                                     ? gsl_matrix_get(dout, i, j) : 0.0);
}

/* d/dw of reg * ||w||^2 */
static void reg_backward(const affine_cache *ac, double reg, gsl_matrix *dw) {
    for (size_t a = 0; a < dw->size1; a++)
        for (size_t b = 0; b < dw->size2; b++)
            gsl_matrix_set(dw, a, b, gsl_matrix_get(dw, a, b)
                                     + 2 * reg * gsl_matrix_get(ac->w, a, b));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    affine_cache fc1, fc2;
    relu_cache r1;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    /* the caches the forward pass would have returned */
    fc1.x = X;          fc1.w = net->W1;
    r1.x = cache->z1;
    fc2.x = cache->p1;  fc2.w = net->W2;

    /* reverse order */
    softmax_loss_backward(cache->prob, y, g->dz2);
    affine_backward(g->dz2, &fc2, g->dp1, g->dW2, g->db2);
    relu_backward(g->dp1, &r1, g->dz1);
    affine_backward(g->dz1, &fc1, NULL, g->dW1, g->db1);

    reg_backward(&fc2, reg, g->dW2);
    reg_backward(&fc1, reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
