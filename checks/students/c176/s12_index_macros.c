/* backward.c -- assignment 3
 * dz2T (C x N) and dhT (H x N) are the transposed ("one column per
 * example") versions.  Index macros because gsl_matrix_get gets long.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

#define G(m, i, j)   gsl_matrix_get((m), (i), (j))
#define S(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))
#define TWO_REG (2.0 * reg)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void transpose_back(gsl_matrix *out, const gsl_matrix *inT) {
    size_t i, j;
    for (i = 0; i < out->size1; i++)
        for (j = 0; j < out->size2; j++)
            S(out, i, j, G(inT, j, i));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, c;
    gsl_matrix *dz2T, *dhT;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    dz2T = gsl_matrix_alloc(C, N);
    dhT = gsl_matrix_alloc(H, N);

    /* dz2T = prob' - onehot', / N */
    gsl_matrix_transpose_memcpy(dz2T, cache->prob);
    for (i = 0; i < N; i++) {
        dz2T->data[i * C + y[i]] -= 1.0;
    }
    gsl_matrix_scale(dz2T, 1.0 / N);
    transpose_back(g->dz2, dz2T);

    /* dW2 = p1' dz2 + 2 reg W2, db2 */
    for (c = 0; c < C; c++) {
        double sb = 0.0;
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (i = 0; i < N; i++) s += G(cache->p1, i, j) * G(dz2T, c, i);
            S(g->dW2, j, c, s + TWO_REG * G(net->W2, j, c));
        }
        for (i = 0; i < N; i++) sb += G(dz2T, c, i);
        gsl_vector_set(g->db2, c, sb);
    }

    /* dhT = W2 dz2T, store as dp1 */
    for (j = 0; j < H; j++)
        for (i = 0; i < N; i++) {
            double s = 0.0;
            for (c = 0; c < C; c++) s += G(net->W2, j, c) * G(dz2T, c, i);
            S(dhT, j, i, s);
        }
    transpose_back(g->dp1, dhT);

    /* relu -> dz1 (in place on dhT) */
    for (j = 0; j < H; j++)
        for (i = 0; i < N; i++)
            if (G(cache->z1, i, j) <= 0.0) S(dhT, j, i, 0.0);
    transpose_back(g->dz1, dhT);

    /* dW1 = X' dz1 + 2 reg W1, db1 */
    for (j = 0; j < H; j++) {
        double sb = 0.0;
        for (i = 0; i < D; i++) {
            double s = 0.0;
            size_t n;
            for (n = 0; n < N; n++) s += G(X, n, i) * G(dhT, j, n);
            S(g->dW1, i, j, s + TWO_REG * G(net->W1, i, j));
        }
        for (i = 0; i < N; i++) sb += G(dhT, j, i);
        gsl_vector_set(g->db1, j, sb);
    }

    gsl_matrix_free(dz2T);
    gsl_matrix_free(dhT);
    g->present = BP_GRADS_ALL;
    return 0;
}
