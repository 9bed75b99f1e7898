/* backward.c -- Lab 4
 * Gradients of the two-layer net, one function each.
 * relu backward = relu applied to the incoming gradient (like forward). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void calc_dz2(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2) {
    size_t i;
    size_t N = prob->size1;
    gsl_matrix_memcpy(dz2, prob);
    for (i = 0; i < N; i++) {
        double v = gsl_matrix_get(dz2, i, y[i]);
        gsl_matrix_set(dz2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(dz2, 1.0 / (double)N);
}

static void calc_dW2(const gsl_matrix *p1, const gsl_matrix *dz2,
                     const gsl_matrix *W2, double reg, gsl_matrix *dW2) {
    gsl_matrix_memcpy(dW2, W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, dW2);
}

static void calc_db2(const gsl_matrix *dz2, gsl_vector *db2) {
    size_t i, j;
    for (j = 0; j < db2->size; j++) {
        double total = 0.0;
        for (i = 0; i < dz2->size1; i++) total += gsl_matrix_get(dz2, i, j);
        gsl_vector_set(db2, j, total);
    }
}

static void calc_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1) {
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void calc_dz1(const gsl_matrix *dp1, gsl_matrix *dz1) {
    size_t i, j;
    for (i = 0; i < dp1->size1; i++) {
        for (j = 0; j < dp1->size2; j++) {
            double v = gsl_matrix_get(dp1, i, j);
            gsl_matrix_set(dz1, i, j, v > 0.0 ? v : 0.0);
        }
    }
}

static void calc_dW1(const gsl_matrix *X, const gsl_matrix *dz1,
                     const gsl_matrix *W1, double reg, gsl_matrix *dW1) {
    gsl_matrix_memcpy(dW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);
}

static void calc_db1(const gsl_matrix *dz1, gsl_vector *db1) {
    size_t i, j;
    for (j = 0; j < db1->size; j++) {
        double total = 0.0;
        for (i = 0; i < dz1->size1; i++) total += gsl_matrix_get(dz1, i, j);
        gsl_vector_set(db1, j, total);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    calc_dz2(cache->prob, y, g->dz2);
    calc_dW2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    calc_db2(g->dz2, g->db2);
    calc_dp1(g->dz2, net->W2, g->dp1);
    calc_dz1(g->dp1, g->dz1);
    calc_dW1(X, g->dz1, net->W1, reg, g->dW1);
    calc_db1(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
