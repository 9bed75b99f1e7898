// backward.c  --  Neural Networks (EC-4xx) lab 5
// Backpropagation through softmax, affine, ReLU, affine.
// Used macros to keep the loops short.

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(m, i, j)     gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;
    size_t n, h, c;
    gsl_matrix *W2T;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // ---- output layer ----
    // dL/dscore = prob - 1 at the true class, averaged over batch
    for (n = 0; n < N; n++) {
        gsl_vector_view drow = gsl_matrix_row(g->dz2, n);
        gsl_vector_const_view prow = gsl_matrix_const_row(cache->prob, n);
        gsl_vector_memcpy(&drow.vector, &prow.vector);
        gsl_vector_set(&drow.vector, y[n], gsl_vector_get(&drow.vector, y[n]) - 1);
        gsl_vector_scale(&drow.vector, 1.0 / (double)N);
    }

    // dW2 = p1' * dz2, then regularisation
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            SET(g->dW2, h, c, GET(g->dW2, h, c) + 2 * reg * GET(net->W2, h, c));

    for (c = 0; c < C; c++) {
        double s = 0;
        for (n = 0; n < N; n++) s += GET(g->dz2, n, c);
        gsl_vector_set(g->db2, c, s);
    }

    // ---- hidden layer ----
    // take transpose of W2 first (C x H) so that dp1 = dz2 * W2T
    W2T = gsl_matrix_alloc(C, H);
    if (!W2T) return 1;
    gsl_matrix_transpose_memcpy(W2T, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);
    gsl_matrix_free(W2T);

    // ReLU: p1 = max(0, z1) so p1 > 0 exactly where z1 > 0
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            if (!(GET(cache->p1, n, h) > 0)) SET(g->dz1, n, h, 0.0);

    // dW1 = X' * dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + GET(g->dz1, n, h));

    g->present = BP_GRADS_ALL;
    return 0;
}
