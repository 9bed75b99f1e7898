/*
 * Assignment 3 - Backward Pass
 *
 * Background: C# developer.  I used GSL views the way I would use Span<T>:
 * no copies, just windows onto the existing buffers.  Long names on purpose.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void ComputeScoreGradient(const gsl_matrix *softmaxProbabilities,
                                 const size_t *correctClassIndices,
                                 gsl_matrix *scoreGradient)
{
    /* gradient of the averaged cross-entropy: probabilities minus the one-hot target */
    for (size_t sampleIndex = 0; sampleIndex < scoreGradient->size1; sampleIndex++)
    {
        gsl_vector_const_view probabilityRow = gsl_matrix_const_row(softmaxProbabilities, sampleIndex);
        gsl_vector_view gradientRow = gsl_matrix_row(scoreGradient, sampleIndex);
        for (size_t classIndex = 0; classIndex < gradientRow.vector.size; classIndex++)
        {
            double targetValue = (classIndex == correctClassIndices[sampleIndex]) ? 1.0 : 0.0;
            double probabilityValue = gsl_vector_get(&probabilityRow.vector, classIndex);
            gsl_vector_set(&gradientRow.vector, classIndex, probabilityValue - targetValue);
        }
    }
}

static void ComputeBiasGradient(const gsl_matrix *upstreamGradient, gsl_vector *biasGradient)
{
    for (size_t columnIndex = 0; columnIndex < upstreamGradient->size2; columnIndex++)
    {
        gsl_vector_const_view column = gsl_matrix_const_column(upstreamGradient, columnIndex);
        double columnTotal = 0.0;
        for (size_t rowIndex = 0; rowIndex < column.vector.size; rowIndex++)
            columnTotal += gsl_vector_get(&column.vector, rowIndex);
        gsl_vector_set(biasGradient, columnIndex, columnTotal);
    }
}

static void ComputeWeightGradientWithRegularization(const gsl_matrix *layerInput,
                                                    const gsl_matrix *upstreamGradient,
                                                    const gsl_matrix *layerWeights,
                                                    double regularizationStrength,
                                                    gsl_matrix *weightGradient)
{
    gsl_matrix_memcpy(weightGradient, layerWeights);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, layerInput, upstreamGradient,
                   2.0 * regularizationStrength, weightGradient);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t numberOfSamples = X->size1;
    if (numberOfSamples != cache->N || X->size2 != net->D || g->N != numberOfSamples)
        return 1;

    ComputeScoreGradient(cache->prob, y, g->dz2);

    ComputeWeightGradientWithRegularization(cache->p1, g->dz2, net->W2, reg, g->dW2);
    ComputeBiasGradient(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (size_t sampleIndex = 0; sampleIndex < numberOfSamples; sampleIndex++)
    {
        gsl_vector_const_view preActivationRow = gsl_matrix_const_row(cache->z1, sampleIndex);
        gsl_vector_const_view activationGradientRow = gsl_matrix_const_row(g->dp1, sampleIndex);
        gsl_vector_view preActivationGradientRow = gsl_matrix_row(g->dz1, sampleIndex);
        for (size_t hiddenUnitIndex = 0; hiddenUnitIndex < net->H; hiddenUnitIndex++)
        {
            int unitWasActive = gsl_vector_get(&preActivationRow.vector, hiddenUnitIndex) > 0.0;
            gsl_vector_set(&preActivationGradientRow.vector, hiddenUnitIndex,
                           unitWasActive ? gsl_vector_get(&activationGradientRow.vector, hiddenUnitIndex) : 0.0);
        }
    }

    ComputeWeightGradientWithRegularization(X, g->dz1, net->W1, reg, g->dW1);
    ComputeBiasGradient(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
