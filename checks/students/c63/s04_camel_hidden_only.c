// backward.c -- two layer net, backward pass
//
// recomputeHidden() redoes z1 and p1 with dgemm; the scores and the
// softmax are then recomputed from my own p1.  For the relu mask I use
// cache->z1, which holds the same numbers as my hiddenPre.

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void recomputeHidden(const bp_net *net, const gsl_matrix *X,
                            gsl_matrix *hiddenPre, gsl_matrix *hidden) {
    size_t rows = X->size1;
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, hiddenPre);
    for (size_t r = 0; r < rows; r++) {
        gsl_vector_view row = gsl_matrix_row(hiddenPre, r);
        gsl_vector_add(&row.vector, net->b1);
    }
    gsl_matrix_memcpy(hidden, hiddenPre);
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < hidden->size2; c++) {
            if (gsl_matrix_get(hidden, r, c) < 0.0) {
                gsl_matrix_set(hidden, r, c, 0.0);
            }
        }
    }
}

// softmax of every row, in place
static void mySoftmax(gsl_matrix *scores) {
    for (size_t r = 0; r < scores->size1; r++) {
        gsl_vector_view row = gsl_matrix_row(scores, r);
        double maxScore = gsl_vector_max(&row.vector);
        double total = 0.0;
        for (size_t c = 0; c < scores->size2; c++) {
            double e = exp(gsl_vector_get(&row.vector, c) - maxScore);
            gsl_vector_set(&row.vector, c, e);
            total += e;
        }
        gsl_vector_scale(&row.vector, 1.0 / total);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t numSamples = X->size1;
    size_t numHidden = net->H, numClasses = net->C;
    double invN = 1.0 / (double) numSamples;

    gsl_matrix *hiddenPre = gsl_matrix_alloc(numSamples, numHidden);
    gsl_matrix *hidden = gsl_matrix_alloc(numSamples, numHidden);
    gsl_matrix *probs = gsl_matrix_alloc(numSamples, numClasses);
    gsl_matrix *regTermW2 = gsl_matrix_alloc(numHidden, numClasses);
    gsl_matrix *regTermW1 = gsl_matrix_alloc(net->D, numHidden);
    if (!hiddenPre || !hidden || !probs || !regTermW2 || !regTermW1) {
        gsl_matrix_free(hiddenPre);
        gsl_matrix_free(hidden);
        gsl_matrix_free(probs);
        gsl_matrix_free(regTermW2);
        gsl_matrix_free(regTermW1);
        return 1;
    }

    recomputeHidden(net, X, hiddenPre, hidden);

    // scores = hidden W2 + b2, then softmax
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, hidden, net->W2, 0.0, probs);
    for (size_t n = 0; n < numSamples; n++) {
        gsl_vector_view row = gsl_matrix_row(probs, n);
        gsl_vector_add(&row.vector, net->b2);
    }
    mySoftmax(probs);

    // dScores = probs/N, minus 1/N at the correct class
    gsl_matrix_memcpy(g->dz2, probs);
    gsl_matrix_scale(g->dz2, invN);
    for (size_t n = 0; n < numSamples; n++) {
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - invN);
    }

    // dW2 = hidden^T dScores, plus the regularisation 2 reg W2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, hidden, g->dz2, 0.0, g->dW2);
    gsl_matrix_memcpy(regTermW2, net->W2);
    gsl_matrix_scale(regTermW2, 2.0 * reg);
    gsl_matrix_add(g->dW2, regTermW2);

    // db2 = sum over samples
    gsl_vector_set_zero(g->db2);
    for (size_t n = 0; n < numSamples; n++) {
        gsl_vector_view row = gsl_matrix_row(g->dz2, n);
        gsl_vector_add(g->db2, &row.vector);
    }

    // dHidden = dScores W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: pass the gradient where z1 was positive
    for (size_t n = 0; n < numSamples; n++) {
        for (size_t h = 0; h < numHidden; h++) {
            double pass = gsl_matrix_get(cache->z1, n, h) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, n, h, pass * gsl_matrix_get(g->dp1, n, h));
        }
    }

    // dW1 = X^T dHiddenPre + 2 reg W1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix_memcpy(regTermW1, net->W1);
    gsl_matrix_scale(regTermW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, regTermW1);

    // db1
    gsl_vector_set_zero(g->db1);
    for (size_t n = 0; n < numSamples; n++) {
        gsl_vector_view row = gsl_matrix_row(g->dz1, n);
        gsl_vector_add(g->db1, &row.vector);
    }

    gsl_matrix_free(hiddenPre);
    gsl_matrix_free(hidden);
    gsl_matrix_free(probs);
    gsl_matrix_free(regTermW2);
    gsl_matrix_free(regTermW1);
    g->present = BP_GRADS_ALL;
    return 0;
}
