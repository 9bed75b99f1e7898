/* NN-Praktikum, Versuch 2: Backpropagation von Hand
 * Makros, damit die Formeln kuerzer werden */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(M, i, j)    gsl_matrix_get((M), (i), (j))
#define SET(M, i, j, v) gsl_matrix_set((M), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    gsl_matrix *delta2, *delta1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    delta2 = gsl_matrix_alloc(N, C);
    delta1 = gsl_matrix_alloc(N, H);

    /* delta2 = dL/dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            SET(delta2, i, k, (GET(cache->prob, i, k) - (y[i] == k ? 1.0 : 0.0)) / (double) N);
    gsl_matrix_memcpy(g->dz2, delta2);

    /* W2, b2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += GET(cache->p1, i, j) * GET(delta2, i, k);
            SET(g->dW2, j, k, s + 2.0 * reg * GET(net->W2, j, k));
        }
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += GET(delta2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta2, net->W2, 0.0, g->dp1);

    /* delta1 = dp1 * relu'(z1) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            SET(delta1, i, j, GET(cache->z1, i, j) > 0.0 ? GET(g->dp1, i, j) : 0.0);
    gsl_matrix_memcpy(g->dz1, delta1);

    /* W1, b1 (Regularisierung wie oben) */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += GET(X, i, k) * GET(delta1, i, j);
            SET(g->dW1, k, j, s);
        }
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += GET(delta1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(delta2);
    gsl_matrix_free(delta1);
    g->present = BP_GRADS_ALL;
    return 0;
}
