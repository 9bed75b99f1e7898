/*
 * backward.c  --  hand-written backprop, plain loops
 *
 * Each layer gets its own helper that checks its arguments and returns
 * 0 or -1.  Sizes are asserted, since a wrong size here is a bug in the
 * caller and not something to recover from.
 */
#include <assert.h>
#include <stddef.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dscores = (probs - onehot) / N */
static int softmax_back(const gsl_matrix *probs, const size_t *labels,
                        gsl_matrix *dscores)
{
    size_t n, c;
    const size_t N = probs->size1, C = probs->size2;

    assert(dscores->size1 == N && dscores->size2 == C);
    for (n = 0; n < N; n++) {
        if (labels[n] >= C)
            return -1;
        for (c = 0; c < C; c++) {
            double d = gsl_matrix_get(probs, n, c);
            if (c == labels[n])
                d -= 1.0;
            gsl_matrix_set(dscores, n, c, d / (double)N);
        }
    }
    return 0;
}

/* Backward of out = in * W + b.
 * dW = in' * dout + 2*reg*W,  db = sum over rows of dout,  din = dout * W'
 * din may be NULL (nothing upstream of the first layer we need). */
static int affine_back(const gsl_matrix *dout, const gsl_matrix *in,
                       const gsl_matrix *W, double reg,
                       gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
    size_t n, k, m;
    const size_t N = dout->size1, K = in->size2, M = dout->size2;

    assert(in->size1 == N);
    assert(W->size1 == K && W->size2 == M);
    assert(dW->size1 == K && dW->size2 == M);
    assert(db->size == M);

    for (k = 0; k < K; k++) {
        for (m = 0; m < M; m++) {
            double acc = 2.0 * reg * gsl_matrix_get(W, k, m);
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(in, n, k) * gsl_matrix_get(dout, n, m);
            gsl_matrix_set(dW, k, m, acc);
        }
    }
    for (m = 0; m < M; m++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(dout, n, m);
        gsl_vector_set(db, m, acc);
    }
    if (din != NULL) {
        assert(din->size1 == N && din->size2 == K);
        for (n = 0; n < N; n++) {
            for (k = 0; k < K; k++) {
                double acc = 0.0;
                for (m = 0; m < M; m++)
                    acc += gsl_matrix_get(dout, n, m) * gsl_matrix_get(W, k, m);
                gsl_matrix_set(din, n, k, acc);
            }
        }
    }
    return 0;
}

/* dz = dp * [z > 0] */
static int relu_back(const gsl_matrix *dp, const gsl_matrix *z, gsl_matrix *dz)
{
    size_t i, j;

    assert(dp->size1 == z->size1 && dp->size2 == z->size2);
    assert(dz->size1 == z->size1 && dz->size2 == z->size2);
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++)
            gsl_matrix_set(dz, i, j,
                           gsl_matrix_get(z, i, j) > 0.0 ? gsl_matrix_get(dp, i, j) : 0.0);
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    assert(net != NULL && X != NULL && y != NULL && cache != NULL && g != NULL);
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;
    if (g->H != net->H || g->C != net->C || g->D != net->D)
        return 1;

    if (softmax_back(cache->prob, y, g->dz2) != 0)
        return 1;
    /* second layer: input p1, weights W2 */
    if (affine_back(g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2, g->dp1) != 0)
        return 1;
    if (relu_back(g->dp1, cache->z1, g->dz1) != 0)
        return 1;
    /* first layer: input X, weights W1, no dX needed */
    if (affine_back(g->dz1, X, net->W1, reg, g->dW1, g->db1, NULL) != 0)
        return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
