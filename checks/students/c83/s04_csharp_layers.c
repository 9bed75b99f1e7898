/*
 * Backward pass, two layer network.
 * Author background: C# / .NET.  One struct per layer (like a class with
 * its fields), descriptive names, raw data access with the row stride
 * (tda) because gsl_matrix_get in the inner loop felt slow.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct AffineLayerGradientContext
{
    const gsl_matrix *InputActivations;    /* (N, In) */
    const gsl_matrix *Weights;             /* (In, Out) */
    const gsl_matrix *UpstreamGradient;    /* (N, Out) */
    gsl_matrix *WeightGradient;            /* (In, Out) */
    gsl_vector *BiasGradient;              /* (Out) */
    gsl_matrix *InputGradient;             /* (N, In), NULL if not needed */
} AffineLayerGradientContext;

static void AffineLayer_ComputeGradients(const AffineLayerGradientContext *layer, double regularizationStrength)
{
    const size_t sampleCount = layer->UpstreamGradient->size1;
    const size_t inputCount = layer->Weights->size1;
    const size_t outputCount = layer->Weights->size2;
    const double *upstreamData = layer->UpstreamGradient->data;
    const size_t upstreamStride = layer->UpstreamGradient->tda;
    size_t sampleIndex, inputIndex, outputIndex;

    for (inputIndex = 0; inputIndex < inputCount; inputIndex++)
    {
        for (outputIndex = 0; outputIndex < outputCount; outputIndex++)
        {
            double accumulatedValue = 2.0 * regularizationStrength
                * layer->Weights->data[inputIndex * layer->Weights->tda + outputIndex];
            for (sampleIndex = 0; sampleIndex < sampleCount; sampleIndex++)
            {
                accumulatedValue += layer->InputActivations->data[sampleIndex * layer->InputActivations->tda + inputIndex]
                    * upstreamData[sampleIndex * upstreamStride + outputIndex];
            }
            layer->WeightGradient->data[inputIndex * layer->WeightGradient->tda + outputIndex] = accumulatedValue;
        }
    }

    for (outputIndex = 0; outputIndex < outputCount; outputIndex++)
    {
        double columnSum = 0.0;
        for (sampleIndex = 0; sampleIndex < sampleCount; sampleIndex++)
            columnSum += upstreamData[sampleIndex * upstreamStride + outputIndex];
        layer->BiasGradient->data[outputIndex * layer->BiasGradient->stride] = columnSum;
    }

    if (layer->InputGradient == NULL)
        return;
    for (sampleIndex = 0; sampleIndex < sampleCount; sampleIndex++)
    {
        for (inputIndex = 0; inputIndex < inputCount; inputIndex++)
        {
            double dotProduct = 0.0;
            for (outputIndex = 0; outputIndex < outputCount; outputIndex++)
                dotProduct += upstreamData[sampleIndex * upstreamStride + outputIndex]
                    * layer->Weights->data[inputIndex * layer->Weights->tda + outputIndex];
            layer->InputGradient->data[sampleIndex * layer->InputGradient->tda + inputIndex] = dotProduct;
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t sampleCount = X->size1;
    const size_t classCount = net->C;
    const size_t hiddenCount = net->H;
    size_t sampleIndex, classIndex, hiddenIndex;
    AffineLayerGradientContext outputLayer, hiddenLayer;

    if (sampleCount != cache->N || X->size2 != net->D || g->N != sampleCount)
        return 1;

    /* Softmax + cross entropy: (probabilities - oneHot) / sampleCount */
    for (sampleIndex = 0; sampleIndex < sampleCount; sampleIndex++)
    {
        for (classIndex = 0; classIndex < classCount; classIndex++)
        {
            double probability = cache->prob->data[sampleIndex * cache->prob->tda + classIndex];
            double oneHotValue = (classIndex == y[sampleIndex]) ? 1.0 : 0.0;
            g->dz2->data[sampleIndex * g->dz2->tda + classIndex] = (probability - oneHotValue) / (double)sampleCount;
        }
    }

    outputLayer.InputActivations = cache->p1;
    outputLayer.Weights = net->W2;
    outputLayer.UpstreamGradient = g->dz2;
    outputLayer.WeightGradient = g->dW2;
    outputLayer.BiasGradient = g->db2;
    outputLayer.InputGradient = g->dp1;
    AffineLayer_ComputeGradients(&outputLayer, reg);

    /* ReLU backward */
    for (sampleIndex = 0; sampleIndex < sampleCount; sampleIndex++)
    {
        for (hiddenIndex = 0; hiddenIndex < hiddenCount; hiddenIndex++)
        {
            size_t offset = sampleIndex * g->dz1->tda + hiddenIndex;
            double preActivation = cache->z1->data[sampleIndex * cache->z1->tda + hiddenIndex];
            g->dz1->data[offset] = preActivation > 0.0 ? g->dp1->data[sampleIndex * g->dp1->tda + hiddenIndex] : 0.0;
        }
    }

    hiddenLayer.InputActivations = X;
    hiddenLayer.Weights = net->W1;
    hiddenLayer.UpstreamGradient = g->dz1;
    hiddenLayer.WeightGradient = g->dW1;
    hiddenLayer.BiasGradient = g->db1;
    hiddenLayer.InputGradient = NULL;   /* nobody needs dX */
    AffineLayer_ComputeGradients(&hiddenLayer, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
