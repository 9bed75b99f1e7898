/* backward.c - two layer net, backward pass
 * copy GSL -> double** , do the math with loops, copy back. */

#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double **mat(size_t r, size_t c) {
    double **m = malloc(r * sizeof(double *));
    for (size_t i = 0; i < r; i++)
        m[i] = calloc(c, sizeof(double));
    return m;
}

static void unmat(double **m, size_t r) {
    for (size_t i = 0; i < r; i++)
        free(m[i]);
    free(m);
}

static double **load(const gsl_matrix *a) {
    double **m = mat(a->size1, a->size2);
    for (size_t i = 0; i < a->size1; i++)
        for (size_t j = 0; j < a->size2; j++)
            m[i][j] = gsl_matrix_get(a, i, j);
    return m;
}

static void store(double **m, gsl_matrix *a) {
    for (size_t i = 0; i < a->size1; i++)
        for (size_t j = 0; j < a->size2; j++)
            gsl_matrix_set(a, i, j, m[i][j]);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double **x = load(X), **w1 = load(net->W1), **w2 = load(net->W2);
    double **z1 = load(cache->z1), **p1 = load(cache->p1), **prob = load(cache->prob);
    double **dz2 = mat(N, C), **dw2 = mat(H, C), **dp1 = mat(N, H);
    double **dz1 = mat(N, H), **dw1 = mat(D, H);
    double **db2 = mat(1, C), **db1 = mat(1, H);

    /* dL/dscores = softmax - one hot (the mean over the batch is in the loss) */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2[i][k] = prob[i][k] - (k == y[i]);

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            for (i = 0; i < N; i++)
                dw2[j][k] += p1[i][j] * dz2[i][k];
            dw2[j][k] += 2 * reg * w2[j][k];
        }
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            db2[0][k] += dz2[i][k];

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            for (k = 0; k < C; k++)
                dp1[i][j] += dz2[i][k] * w2[j][k];
            if (z1[i][j] > 0)
                dz1[i][j] = dp1[i][j];
        }

    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            for (i = 0; i < N; i++)
                dw1[k][j] += x[i][k] * dz1[i][j];
            dw1[k][j] += 2 * reg * w1[k][j];
        }
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db1[0][j] += dz1[i][j];

    store(dz2, g->dz2);
    store(dw2, g->dW2);
    store(dp1, g->dp1);
    store(dz1, g->dz1);
    store(dw1, g->dW1);
    for (k = 0; k < C; k++) gsl_vector_set(g->db2, k, db2[0][k]);
    for (j = 0; j < H; j++) gsl_vector_set(g->db1, j, db1[0][j]);

    unmat(x, N); unmat(w1, D); unmat(w2, H); unmat(z1, N); unmat(p1, N);
    unmat(prob, N); unmat(dz2, N); unmat(dw2, H); unmat(dp1, N);
    unmat(dz1, N); unmat(dw1, D); unmat(db2, 1); unmat(db1, 1);
    g->present = BP_GRADS_ALL;
    return 0;
}
