/**
 * backward.c
 *
 * Backward pass of the two-layer network. One helper per gradient, each
 * one documented, so every step can be tested on its own.
 *
 * @author  (student 08)
 */
#include "backprop.h"

/** dz2 = (probabilities - oneHot(labels)) / batchSize */
static void computeDz2(const gsl_matrix *probabilities, const size_t *labels,
                       gsl_matrix *scoreGradient) {
    size_t batchSize = probabilities->size1;
    for (size_t sampleIndex = 0; sampleIndex < batchSize; sampleIndex++) {
        for (size_t classIndex = 0; classIndex < probabilities->size2; classIndex++) {
            double target = (labels[sampleIndex] == classIndex) ? 1.0 : 0.0;
            double probability = gsl_matrix_get(probabilities, sampleIndex, classIndex);
            gsl_matrix_set(scoreGradient, sampleIndex, classIndex,
                           (probability - target) / (double) batchSize);
        }
    }
}

/** dW2 = hiddenActivations^T * scoreGradient + regularization term */
static void computeDW2(const gsl_matrix *hiddenActivations, const gsl_matrix *scoreGradient,
                       const gsl_matrix *outputWeights, double regularizationStrength,
                       gsl_matrix *outputWeightGradient) {
    for (size_t hiddenIndex = 0; hiddenIndex < outputWeights->size1; hiddenIndex++) {
        for (size_t classIndex = 0; classIndex < outputWeights->size2; classIndex++) {
            double sum = 0.0;
            for (size_t sampleIndex = 0; sampleIndex < scoreGradient->size1; sampleIndex++) {
                sum += gsl_matrix_get(hiddenActivations, sampleIndex, hiddenIndex)
                     * gsl_matrix_get(scoreGradient, sampleIndex, classIndex);
            }
            double regularizationGradient = regularizationStrength * gsl_matrix_get(outputWeights, hiddenIndex, classIndex);
            gsl_matrix_set(outputWeightGradient, hiddenIndex, classIndex, sum + regularizationGradient);
        }
    }
}

/** db = sum over the batch of the upstream gradient (used for db2 and db1) */
static void computeBiasGradient(const gsl_matrix *upstreamGradient, gsl_vector *biasGradient) {
    for (size_t unitIndex = 0; unitIndex < upstreamGradient->size2; unitIndex++) {
        double sum = 0.0;
        for (size_t sampleIndex = 0; sampleIndex < upstreamGradient->size1; sampleIndex++) {
            sum += gsl_matrix_get(upstreamGradient, sampleIndex, unitIndex);
        }
        gsl_vector_set(biasGradient, unitIndex, sum);
    }
}

/** dp1 = scoreGradient * W2^T */
static void computeDp1(const gsl_matrix *scoreGradient, const gsl_matrix *outputWeights,
                       gsl_matrix *hiddenActivationGradient) {
    for (size_t sampleIndex = 0; sampleIndex < scoreGradient->size1; sampleIndex++) {
        for (size_t hiddenIndex = 0; hiddenIndex < outputWeights->size1; hiddenIndex++) {
            double sum = 0.0;
            for (size_t classIndex = 0; classIndex < outputWeights->size2; classIndex++) {
                sum += gsl_matrix_get(scoreGradient, sampleIndex, classIndex)
                     * gsl_matrix_get(outputWeights, hiddenIndex, classIndex);
            }
            gsl_matrix_set(hiddenActivationGradient, sampleIndex, hiddenIndex, sum);
        }
    }
}

/** dz1 = dp1 where the ReLU was active, 0 elsewhere */
static void computeDz1(const gsl_matrix *hiddenActivationGradient, const gsl_matrix *hiddenPreActivations,
                       gsl_matrix *hiddenPreActivationGradient) {
    for (size_t sampleIndex = 0; sampleIndex < hiddenPreActivations->size1; sampleIndex++) {
        for (size_t hiddenIndex = 0; hiddenIndex < hiddenPreActivations->size2; hiddenIndex++) {
            int isActive = gsl_matrix_get(hiddenPreActivations, sampleIndex, hiddenIndex) > 0.0;
            gsl_matrix_set(hiddenPreActivationGradient, sampleIndex, hiddenIndex,
                           isActive ? gsl_matrix_get(hiddenActivationGradient, sampleIndex, hiddenIndex) : 0.0);
        }
    }
}

/** dW1 = inputs^T * dz1 + 2 * lambda * W1 */
static void computeDW1(const gsl_matrix *inputs, const gsl_matrix *hiddenPreActivationGradient,
                       const gsl_matrix *inputWeights, double regularizationStrength,
                       gsl_matrix *inputWeightGradient) {
    for (size_t inputIndex = 0; inputIndex < inputWeights->size1; inputIndex++) {
        for (size_t hiddenIndex = 0; hiddenIndex < inputWeights->size2; hiddenIndex++) {
            double sum = 0.0;
            for (size_t sampleIndex = 0; sampleIndex < inputs->size1; sampleIndex++) {
                sum += gsl_matrix_get(inputs, sampleIndex, inputIndex)
                     * gsl_matrix_get(hiddenPreActivationGradient, sampleIndex, hiddenIndex);
            }
            double regularizationGradient = 2.0 * regularizationStrength * gsl_matrix_get(inputWeights, inputIndex, hiddenIndex);
            gsl_matrix_set(inputWeightGradient, inputIndex, hiddenIndex, sum + regularizationGradient);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1) {
        return 1;
    }
    computeDz2(cache->prob, y, g->dz2);
    computeDW2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    computeBiasGradient(g->dz2, g->db2);
    computeDp1(g->dz2, net->W2, g->dp1);
    computeDz1(g->dp1, cache->z1, g->dz1);
    computeDW1(X, g->dz1, net->W1, reg, g->dW1);
    computeBiasGradient(g->dz1, g->db1);
    g->present = BP_GRADS_ALL;
    return 0;
}
