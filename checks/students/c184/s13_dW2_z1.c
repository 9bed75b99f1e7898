/* backward.c -- uses CBLAS directly on the gsl buffers (lda = tda).
 * scratch: S (N x C) and Hd (N x H), static, re-made when a size changes. */
#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *S, *Hd;

static void remake(gsl_matrix **m, size_t r, size_t c) {
    if (*m && (*m)->size1 == r && (*m)->size2 == c) return;
    gsl_matrix_free(*m);
    *m = gsl_matrix_alloc(r, c);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N) return 1;
    remake(&S, N, C);
    remake(&Hd, N, H);

    /* S = (P - Y) / N */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            S->data[i * S->tda + j] = (cache->prob->data[i * cache->prob->tda + j]
                                       - ((size_t) j == y[i] ? 1.0 : 0.0)) / N;
    gsl_matrix_memcpy(g->dz2, S);

    /* dW2 = A1^T S + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, C, N,
                1.0, cache->z1->data, cache->z1->tda, S->data, S->tda,
                2.0 * reg, g->dW2->data, g->dW2->tda);

    /* db2 = 1^T S */
    for (j = 0; j < C; j++) {
        double t = 0;
        for (i = 0; i < N; i++) t += S->data[i * S->tda + j];
        g->db2->data[j * g->db2->stride] = t;
    }

    /* Hd = S W2^T */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, H, C,
                1.0, S->data, S->tda, net->W2->data, net->W2->tda,
                0.0, Hd->data, Hd->tda);
    gsl_matrix_memcpy(g->dp1, Hd);

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (cache->z1->data[i * cache->z1->tda + j] <= 0)
                Hd->data[i * Hd->tda + j] = 0;
    gsl_matrix_memcpy(g->dz1, Hd);

    /* dW1 = X^T Hd + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, D, H, N,
                1.0, X->data, X->tda, Hd->data, Hd->tda,
                2.0 * reg, g->dW1->data, g->dW1->tda);

    for (j = 0; j < H; j++) {
        double t = 0;
        for (i = 0; i < N; i++) t += Hd->data[i * Hd->tda + j];
        g->db1->data[j * g->db1->stride] = t;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
