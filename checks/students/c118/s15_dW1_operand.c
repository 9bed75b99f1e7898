// Backprop for the 2-layer net -- numerical methods homework.
// All products as plain (NoTrans) dgemm on explicit transposes,
// the temporaries are allocated once at the top and freed at the end.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix *Xt  = gsl_matrix_alloc(D, N);
    gsl_matrix *P1t = gsl_matrix_alloc(H, N);
    gsl_matrix *W2t = gsl_matrix_alloc(C, H);
    gsl_matrix_transpose_memcpy(Xt, X);
    gsl_matrix_transpose_memcpy(P1t, cache->p1);
    gsl_matrix_transpose_memcpy(W2t, net->W2);

    // ---- dz2
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // ---- dW2 = P1t dz2 + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, P1t, g->dz2, 2.0 * reg, g->dW2);

    // ---- db2
    for (size_t c = 0; c < C; c++) {
        gsl_vector_view col = gsl_matrix_column(g->dz2, c);
        gsl_vector_set(g->db2, c, gsl_vector_sum(&col.vector));
    }

    // ---- dp1 = dz2 W2t
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2t, 0.0, g->dp1);

    // ---- dz1 = dp1 * relu'(z1)
    for (size_t h = 0; h < H; h++)
        for (size_t i = 0; i < N; i++) {
            double m = gsl_matrix_get(cache->z1, i, h) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, h, m * gsl_matrix_get(g->dp1, i, h));
        }

    // ---- dW1 = Xt dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, Xt, g->dp1, 2.0 * reg, g->dW1);

    // ---- db1
    for (size_t h = 0; h < H; h++) {
        gsl_vector_view col = gsl_matrix_column(g->dz1, h);
        gsl_vector_set(g->db1, h, gsl_vector_sum(&col.vector));
    }

    gsl_matrix_free(Xt);
    gsl_matrix_free(P1t);
    gsl_matrix_free(W2t);
    g->present = BP_GRADS_ALL;
    return 0;
}
