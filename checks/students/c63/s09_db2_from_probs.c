/*
 * Backward pass for the two-layer network.
 *
 * A ForwardPass holds my own recomputation of the activations (the cache
 * is not read).  Gradients follow the order of the assignment.
 */

#include <stdlib.h>
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct {
    gsl_matrix *hiddenIn;    /* z1 */
    gsl_matrix *hiddenOut;   /* p1 */
    gsl_matrix *probs;       /* softmax(z2) */
} ForwardPass;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void freeForwardPass(ForwardPass *fp) {
    gsl_matrix_free(fp->hiddenIn);
    gsl_matrix_free(fp->hiddenOut);
    gsl_matrix_free(fp->probs);
}

static int forwardAgain(const bp_net *net, const gsl_matrix *X, ForwardPass *fp) {
    size_t numSamples = X->size1;
    fp->hiddenIn = gsl_matrix_alloc(numSamples, net->H);
    fp->hiddenOut = gsl_matrix_alloc(numSamples, net->H);
    fp->probs = gsl_matrix_alloc(numSamples, net->C);
    if (fp->hiddenIn == NULL || fp->hiddenOut == NULL || fp->probs == NULL) {
        freeForwardPass(fp);
        return -1;
    }

    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, fp->hiddenIn);
    for (size_t n = 0; n < numSamples; n++) {
        for (size_t h = 0; h < net->H; h++) {
            double v = gsl_matrix_get(fp->hiddenIn, n, h) + gsl_vector_get(net->b1, h);
            gsl_matrix_set(fp->hiddenIn, n, h, v);
            gsl_matrix_set(fp->hiddenOut, n, h, v > 0.0 ? v : 0.0);
        }
    }

    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, fp->hiddenOut, net->W2, 0.0, fp->probs);
    for (size_t n = 0; n < numSamples; n++) {
        double maxScore = -INFINITY, total = 0.0;
        for (size_t c = 0; c < net->C; c++) {
            double s = gsl_matrix_get(fp->probs, n, c) + gsl_vector_get(net->b2, c);
            gsl_matrix_set(fp->probs, n, c, s);
            if (s > maxScore) {
                maxScore = s;
            }
        }
        for (size_t c = 0; c < net->C; c++) {
            double e = exp(gsl_matrix_get(fp->probs, n, c) - maxScore);
            gsl_matrix_set(fp->probs, n, c, e);
            total += e;
        }
        for (size_t c = 0; c < net->C; c++) {
            gsl_matrix_set(fp->probs, n, c, gsl_matrix_get(fp->probs, n, c) / total);
        }
    }
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t numSamples = X->size1;
    size_t numHidden = net->H, numClasses = net->C, numInputs = net->D;
    ForwardPass fp;
    (void) cache;

    if (forwardAgain(net, X, &fp) != 0) {
        return 1;
    }

    // dScores = (probs - oneHot) / N
    for (size_t n = 0; n < numSamples; n++) {
        for (size_t c = 0; c < numClasses; c++) {
            double target = (c == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, n, c,
                           (gsl_matrix_get(fp.probs, n, c) - target) / numSamples);
        }
    }

    // dW2 = hiddenOut^T dScores + 2 reg W2
    for (size_t h = 0; h < numHidden; h++) {
        for (size_t c = 0; c < numClasses; c++) {
            double sum = 0.0;
            for (size_t n = 0; n < numSamples; n++) {
                sum += gsl_matrix_get(fp.hiddenOut, n, h) * gsl_matrix_get(g->dz2, n, c);
            }
            gsl_matrix_set(g->dW2, h, c, sum + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        }
    }

    // db2 = column sums of dScores
    for (size_t c = 0; c < numClasses; c++) {
        double sum = 0.0;
        for (size_t n = 0; n < numSamples; n++) {
            sum += gsl_matrix_get(fp.probs, n, c) / numSamples;
        }
        gsl_vector_set(g->db2, c, sum);
    }

    // dHidden = dScores W2^T
    for (size_t n = 0; n < numSamples; n++) {
        for (size_t h = 0; h < numHidden; h++) {
            double sum = 0.0;
            for (size_t c = 0; c < numClasses; c++) {
                sum += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(g->dp1, n, h, sum);
        }
    }

    // dHiddenIn = dHidden where hiddenIn > 0
    for (size_t n = 0; n < numSamples; n++) {
        for (size_t h = 0; h < numHidden; h++) {
            double grad = gsl_matrix_get(fp.hiddenIn, n, h) > 0.0 ? gsl_matrix_get(g->dp1, n, h) : 0.0;
            gsl_matrix_set(g->dz1, n, h, grad);
        }
    }

    // dW1 = X^T dHiddenIn + 2 reg W1
    for (size_t d = 0; d < numInputs; d++) {
        for (size_t h = 0; h < numHidden; h++) {
            double sum = 0.0;
            for (size_t n = 0; n < numSamples; n++) {
                sum += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            }
            gsl_matrix_set(g->dW1, d, h, sum + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }

    // db1 = column sums of dHiddenIn
    for (size_t h = 0; h < numHidden; h++) {
        double sum = 0.0;
        for (size_t n = 0; n < numSamples; n++) {
            sum += gsl_matrix_get(g->dz1, n, h);
        }
        gsl_vector_set(g->db1, h, sum);
    }

    freeForwardPass(&fp);
    g->present = BP_GRADS_ALL;
    return 0;
}
