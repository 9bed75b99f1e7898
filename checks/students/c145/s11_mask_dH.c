/* HW3 backward.c
 * Han Seungwoo (2020-13547)
 *
 * relu backward: gradient is cut where relu is off
 */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

#define GET(m, i, j)     gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double s;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* ---- dS ---- */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            SET(g->dz2, i, j, (GET(cache->prob, i, j) - (j == y[i])) / N);

    /* ---- gW2, gb2 ---- */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (j = 0; j < C; j++) {
        for (s = 0.0, i = 0; i < N; i++)
            s += GET(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* ---- dH ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* ---- dA : relu ---- */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (GET(g->dp1, i, j) < 0.0)
                SET(g->dz1, i, j, 0.0);

    /* ---- gW1, gb1 ---- */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        for (s = 0.0, i = 0; i < N; i++)
            s += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
