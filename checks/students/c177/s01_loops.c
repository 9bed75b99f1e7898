/* backward.c -- HW3, two layer net, backward pass
 * Ported from my neural_net.py line by line.  I wrote a few numpy-like
 * helpers first so that the backward pass reads like the python.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* ---------------- tiny numpy ---------------- */

/* out = A.dot(B); tA / tB = 1 means use A.T / B.T */
static void np_dot(const gsl_matrix *A, int tA, const gsl_matrix *B, int tB,
                   gsl_matrix *out) {
    size_t i, j, k;
    size_t K = tA ? A->size1 : A->size2;
    for (i = 0; i < out->size1; i++) {
        for (j = 0; j < out->size2; j++) {
            double s = 0.0;
            for (k = 0; k < K; k++) {
                double a = tA ? gsl_matrix_get(A, k, i) : gsl_matrix_get(A, i, k);
                double b = tB ? gsl_matrix_get(B, j, k) : gsl_matrix_get(B, k, j);
                s += a * b;
            }
            gsl_matrix_set(out, i, j, s);
        }
    }
}

/* out = A.sum(axis=0) */
static void np_sum_axis0(const gsl_matrix *A, gsl_vector *out) {
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

/* out = np.where(cond > 0, A, 0) */
static void np_where_positive(const gsl_matrix *cond, const gsl_matrix *A,
                              gsl_matrix *out) {
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(out, i, j,
                           gsl_matrix_get(cond, i, j) > 0 ? gsl_matrix_get(A, i, j) : 0.0);
}

/* A *= s */
static void np_scale(gsl_matrix *A, double s) {
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(A, i, j, s * gsl_matrix_get(A, i, j));
}

/* out = A - B */
static void np_sub(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(out, i, j, gsl_matrix_get(A, i, j) - gsl_matrix_get(B, i, j));
}

/* ---------------- backward ---------------- */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, C = net->C;
    size_t i, j;
    gsl_matrix *Y;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* Y = one hot of y, shape (N, C) */
    Y = gsl_matrix_calloc(N, C);
    if (Y == NULL)
        return 1;
    for (i = 0; i < N; i++)
        gsl_matrix_set(Y, i, y[i], 1.0);

    /* dscores = (probs - Y) / N */
    np_sub(cache->prob, Y, g->dz2);
    np_scale(g->dz2, 1.0 / N);

    /* dW2 = hidden.T.dot(dscores) + 2 * reg * W2 */
    np_dot(cache->p1, 1, g->dz2, 0, g->dW2);
    for (i = 0; i < g->dW2->size1; i++)
        for (j = 0; j < g->dW2->size2; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W2, i, j));

    /* db2 = dscores.sum(axis=0) */
    np_sum_axis0(g->dz2, g->db2);

    /* dhidden = dscores.dot(W2.T) */
    np_dot(g->dz2, 0, net->W2, 1, g->dp1);

    /* dz1 = np.where(z1 > 0, dhidden, 0) */
    np_where_positive(cache->z1, g->dp1, g->dz1);

    /* dW1 = X.T.dot(dz1) + 2 * reg * W1 */
    np_dot(X, 1, g->dz1, 0, g->dW1);
    for (i = 0; i < g->dW1->size1; i++)
        for (j = 0; j < g->dW1->size2; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

    /* db1 = dz1.sum(axis=0) */
    np_sum_axis0(g->dz1, g->db1);

    gsl_matrix_free(Y);
    g->present = BP_GRADS_ALL;
    return 0;
}
