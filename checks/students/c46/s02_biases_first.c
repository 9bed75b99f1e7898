// HW3 backward pass -- uses dgemm with the transpose flags so I never
// have to build a transposed copy.  Order: output grads, then bias grads,
// then the weight grads, and the L2 part at the very end for both weights.
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, k, h, d;

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    // dscores: softmax - 1 at the true class, averaged over the batch
    gsl_matrix *dscores = g->dz2;
    gsl_matrix_memcpy(dscores, cache->prob);
    for (n = 0; n < N; n++) {
        double p = gsl_matrix_get(dscores, n, y[n]);
        gsl_matrix_set(dscores, n, y[n], p - 1.0);
    }
    gsl_matrix_scale(dscores, 1.0 / N);

    // bias of layer 2: add up the rows
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dscores, n);
        gsl_vector_add(g->db2, &row.vector);
    }

    // back into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);
    gsl_matrix *dhidden = g->dz1;
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            double z = gsl_matrix_get(cache->z1, n, h);
            gsl_matrix_set(dhidden, n, h, z > 0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);
        }
    }

    // bias of layer 1
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dhidden, n);
        gsl_vector_add(g->db1, &row.vector);
    }

    // weights (data part only for now)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, g->dW2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 0.0, g->dW1);

    // L2: d/dW (reg * sum W^2) = 2 reg W, for both weight matrices
    for (h = 0; h < H; h++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, h, k, gsl_matrix_get(g->dW2, h, k)
                           + 2.0 * reg * gsl_matrix_get(net->W2, h, k));
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h)
                           + 2.0 * reg * gsl_matrix_get(net->W1, d, h));

    g->present = BP_GRADS_ALL;
    return 0;
}
