/*
 * Backward pass, two layer net (exercise 4)
 * I used gsl_blas_dgemm for the matrix products because the loops
 * were getting long. The rest is loops like in class.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void gradScores(const gsl_matrix *prob, const size_t *y, gsl_matrix *dScores) {
    size_t n = prob->size1;
    gsl_matrix_memcpy(dScores, prob);
    for (size_t i = 0; i < n; i++) {
        gsl_matrix_set(dScores, i, y[i], gsl_matrix_get(dScores, i, y[i]) - 1.0);
    }
    gsl_matrix_scale(dScores, 1.0 / (double)n);
}

/* dW2 = p1' * dScores + 2*reg*W2  (beta trick: start from W2) */
static void gradW2(const gsl_matrix *p1, const gsl_matrix *dScores,
                   const gsl_matrix *W2, double reg, gsl_matrix *dW2) {
    gsl_matrix_memcpy(dW2, W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dScores, 2.0 * reg, dW2);
}

static void gradB2(const gsl_matrix *dScores, gsl_vector *db2) {
    gsl_vector_set_zero(db2);
    for (size_t i = 0; i < dScores->size1; i++) {
        for (size_t j = 0; j < dScores->size2; j++) {
            gsl_vector_set(db2, j, gsl_vector_get(db2, j) + gsl_matrix_get(dScores, i, j));
        }
    }
}

static void gradHidden(const gsl_matrix *dScores, const gsl_matrix *W2, gsl_matrix *dHidden) {
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dScores, W2, 0.0, dHidden);
}

/* p1 > 0 exactly when z1 > 0, so the mask can come from p1 */
static void gradRelu(const gsl_matrix *dHidden, const gsl_matrix *p1, gsl_matrix *dZ1) {
    for (size_t i = 0; i < p1->size1; i++) {
        for (size_t j = 0; j < p1->size2; j++) {
            if (gsl_matrix_get(p1, i, j) > 0)
                gsl_matrix_set(dZ1, i, j, gsl_matrix_get(dHidden, i, j));
            else
                gsl_matrix_set(dZ1, i, j, 0.0);
        }
    }
}

static void gradW1(const gsl_matrix *X, const gsl_matrix *dZ1,
                   const gsl_matrix *W1, double reg, gsl_matrix *dW1) {
    gsl_matrix_memcpy(dW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dZ1, 2.0 * reg, dW1);
}

static void gradB1(const gsl_matrix *dZ1, gsl_vector *db1) {
    gsl_vector_set_zero(db1);
    for (size_t i = 0; i < dZ1->size1; i++) {
        for (size_t j = 0; j < dZ1->size2; j++) {
            gsl_vector_set(db1, j, gsl_vector_get(db1, j) + gsl_matrix_get(dZ1, i, j));
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    gradScores(cache->prob, y, g->dz2);
    gradW2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    gradB2(g->dz2, g->db2);
    gradHidden(g->dz2, net->W2, g->dp1);
    gradRelu(g->dp1, cache->p1, g->dz1);
    gradW1(X, g->dz1, net->W1, reg, g->dW1);
    gradB1(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
