/* Backward pass -- Assignment 3
 * I modelled it the way I would in C#: an OutputLayer and a HiddenLayer,
 * each a struct holding references to its parameters, cache and gradients,
 * each with its own Backward "method". */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct OutputLayer {
    const gsl_matrix *Weights;          /* W2 (H, C) */
    const gsl_matrix *HiddenActivations;/* p1 (N, H) */
    const gsl_matrix *Probabilities;    /* softmax output (N, C) */
    gsl_matrix *ScoreGradient;          /* dz2 (N, C) */
    gsl_matrix *WeightGradient;         /* dW2 (H, C) */
    gsl_vector *BiasGradient;           /* db2 (C) */
    gsl_matrix *HiddenActivationGradient; /* dp1 (N, H) */
} OutputLayer;

typedef struct HiddenLayer {
    const gsl_matrix *Weights;          /* W1 (D, H) */
    const gsl_matrix *Inputs;           /* X (N, D) */
    const gsl_matrix *PreActivations;   /* z1 (N, H) */
    const gsl_matrix *ActivationGradient; /* dp1 (N, H) */
    gsl_matrix *PreActivationGradient;  /* dz1 (N, H) */
    gsl_matrix *WeightGradient;         /* dW1 (D, H) */
    gsl_vector *BiasGradient;           /* db1 (H) */
} HiddenLayer;

static void SumColumnsInto(const gsl_matrix *source, gsl_vector *destination)
{
    gsl_vector_set_zero(destination);
    for (size_t rowIndex = 0; rowIndex < source->size1; rowIndex++) {
        gsl_vector_const_view row = gsl_matrix_const_row(source, rowIndex);
        gsl_vector_add(destination, &row.vector);
    }
}

static void OutputLayer_Backward(OutputLayer *self, const size_t *labels, double regularizationStrength)
{
    const size_t batchSize = self->Probabilities->size1;

    gsl_matrix_memcpy(self->ScoreGradient, self->Probabilities);
    for (size_t sampleIndex = 0; sampleIndex < batchSize; sampleIndex++) {
        double current = gsl_matrix_get(self->ScoreGradient, sampleIndex, labels[sampleIndex]);
        gsl_matrix_set(self->ScoreGradient, sampleIndex, labels[sampleIndex], current - 1.0);
    }
    gsl_matrix_scale(self->ScoreGradient, 1.0 / (double)batchSize);

    /* dW2 = p1^T dz2 + regularization term */
    gsl_matrix_memcpy(self->WeightGradient, self->Weights);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, self->HiddenActivations, self->ScoreGradient,
                   regularizationStrength, self->WeightGradient);

    SumColumnsInto(self->ScoreGradient, self->BiasGradient);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, self->ScoreGradient, self->Weights,
                   0.0, self->HiddenActivationGradient);
}

static void HiddenLayer_Backward(HiddenLayer *self, double regularizationStrength)
{
    for (size_t sampleIndex = 0; sampleIndex < self->PreActivations->size1; sampleIndex++) {
        for (size_t unitIndex = 0; unitIndex < self->PreActivations->size2; unitIndex++) {
            double isActive = gsl_matrix_get(self->PreActivations, sampleIndex, unitIndex) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(self->PreActivationGradient, sampleIndex, unitIndex,
                           isActive * gsl_matrix_get(self->ActivationGradient, sampleIndex, unitIndex));
        }
    }

    gsl_matrix_memcpy(self->WeightGradient, self->Weights);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, self->Inputs, self->PreActivationGradient,
                   2.0 * regularizationStrength, self->WeightGradient);

    SumColumnsInto(self->PreActivationGradient, self->BiasGradient);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    OutputLayer outputLayer = {
        .Weights = net->W2,
        .HiddenActivations = cache->p1,
        .Probabilities = cache->prob,
        .ScoreGradient = g->dz2,
        .WeightGradient = g->dW2,
        .BiasGradient = g->db2,
        .HiddenActivationGradient = g->dp1,
    };
    HiddenLayer hiddenLayer = {
        .Weights = net->W1,
        .Inputs = X,
        .PreActivations = cache->z1,
        .ActivationGradient = g->dp1,
        .PreActivationGradient = g->dz1,
        .WeightGradient = g->dW1,
        .BiasGradient = g->db1,
    };

    OutputLayer_Backward(&outputLayer, y, reg);
    HiddenLayer_Backward(&hiddenLayer, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
