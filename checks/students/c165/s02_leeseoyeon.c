// Lee Seoyeon -- assignment 2, backward pass (two-layer net)
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// column sums of dZ (one sample per row) -> db
static void col_sum(const gsl_matrix *dZ, gsl_vector *db) {
    size_t n = dZ->size1, m = dZ->size2;
    for (size_t j = 0; j < m; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            s += dZ->data[i * dZ->tda + j];
        }
        db->data[j * db->stride] = s;
    }
}

// dW += 2 * reg * W   (loss has reg*|W|^2, no 0.5)
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg) {
    for (size_t i = 0; i < W->size1; i++) {
        double *dw = dW->data + i * dW->tda;
        const double *w = W->data + i * W->tda;
        for (size_t j = 0; j < W->size2; j++) {
            dw[j] += 2.0 * reg * w[j];
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1, H = net->H;
    gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    // softmax + cross entropy: (prob - onehot) / N
    gsl_matrix_memcpy(dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        dz2->data[i * dz2->tda + y[i]] -= 1.0;
    }
    gsl_matrix_scale(dz2, 1.0 / (double)N);

    // second layer
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dz2, 0.0, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    col_sum(dz2, g->db2);

    // back to the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, net->W2, 0.0, dp1);

    // relu: p1 > 0 exactly where z1 > 0
    for (size_t i = 0; i < N; i++) {
        const double *p = cache->p1->data + i * cache->p1->tda;
        for (size_t j = 0; j < H; j++) {
            dz1->data[i * dz1->tda + j] = (p[j] > 0.0) ? dp1->data[i * dp1->tda + j] : 0.0;
        }
    }

    // first layer
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 0.0, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    col_sum(dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
