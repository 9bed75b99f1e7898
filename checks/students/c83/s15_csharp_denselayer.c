/* backward.c
 *
 * C# background.  A DenseLayer struct (what would be a class) with its
 * parameter and gradient references, and one DenseLayer_Backward that both
 * layers share.  BLAS for the products; the bias gradient is a gemv against
 * a vector of weights over the batch, the way I'd write a LINQ Average(). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct DenseLayer
{
    const gsl_matrix *Input;         /* (N, In) */
    const gsl_matrix *Weights;       /* (In, Out) */
    gsl_matrix *WeightsGradient;     /* (In, Out) */
    gsl_vector *BiasGradient;        /* (Out) */
} DenseLayer;

static int DenseLayer_Backward(const DenseLayer *layer, const gsl_matrix *outputGradient,
                               double regularization, gsl_matrix *inputGradient)
{
    const size_t batchSize = outputGradient->size1;
    gsl_vector *batchWeights;
    int status;

    /* dW = Input^T * dOut + 2 * reg * W */
    gsl_matrix_memcpy(layer->WeightsGradient, layer->Weights);
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, layer->Input, outputGradient,
                            2.0 * regularization, layer->WeightsGradient);
    if (status != 0)
        return status;

    /* db = average of dOut over the batch */
    batchWeights = gsl_vector_alloc(batchSize);
    if (batchWeights == NULL)
        return 1;
    gsl_vector_set_all(batchWeights, 1.0 / (double)batchSize);
    status = gsl_blas_dgemv(CblasTrans, 1.0, outputGradient, batchWeights, 0.0, layer->BiasGradient);
    gsl_vector_free(batchWeights);
    if (status != 0)
        return status;

    /* dInput = dOut * W^T */
    if (inputGradient != NULL)
        status = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, outputGradient, layer->Weights,
                                0.0, inputGradient);
    return status;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t batchSize = X->size1;
    DenseLayer hiddenLayer = { X, net->W1, g->dW1, g->db1 };
    DenseLayer outputLayer = { cache->p1, net->W2, g->dW2, g->db2 };

    if (batchSize != cache->N || X->size2 != net->D || g->N != batchSize)
        return 1;

    /* softmax cross entropy gradient */
    for (size_t sampleIndex = 0; sampleIndex < batchSize; sampleIndex++)
        for (size_t classIndex = 0; classIndex < net->C; classIndex++)
        {
            double probability = gsl_matrix_get(cache->prob, sampleIndex, classIndex);
            if (classIndex == y[sampleIndex])
                probability -= 1.0;
            gsl_matrix_set(g->dz2, sampleIndex, classIndex, probability / (double)batchSize);
        }

    if (DenseLayer_Backward(&outputLayer, g->dz2, reg, g->dp1) != 0)
        return 1;

    /* ReLU */
    for (size_t sampleIndex = 0; sampleIndex < batchSize; sampleIndex++)
        for (size_t unitIndex = 0; unitIndex < net->H; unitIndex++)
            gsl_matrix_set(g->dz1, sampleIndex, unitIndex,
                           gsl_matrix_get(cache->z1, sampleIndex, unitIndex) > 0.0
                           ? gsl_matrix_get(g->dp1, sampleIndex, unitIndex) : 0.0);

    if (DenseLayer_Backward(&hiddenLayer, g->dz1, reg, NULL) != 0)
        return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
