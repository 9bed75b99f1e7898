/* HW2 - backward pass
 * Name: Priya R.
 * Uses gsl_blas for the products. Loss is averaged so everything that
 * comes out of the softmax is scaled by 1/batch. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t numTrain = X->size1;
    size_t numClasses = net->C;
    size_t numHidden = net->H;
    size_t i, j;

    if (numTrain != cache->N || X->size2 != net->D || g->N != numTrain)
        return 1;

    const double invBatch = 1.0 / numClasses;   /* average over the batch */

    /* dScores */
    for (i = 0; i < numTrain; i++) {
        for (j = 0; j < numClasses; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                p = p - 1.0;
            gsl_matrix_set(g->dz2, i, j, p * invBatch);
        }
    }

    /* dW2 = a1^T * dScores, plus regularization */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix_scale(g->dW2, 1.0);
    for (i = 0; i < numHidden; i++)
        for (j = 0; j < numClasses; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2 * reg * gsl_matrix_get(net->W2, i, j));

    /* db2 */
    for (j = 0; j < numClasses; j++) {
        double total = 0;
        for (i = 0; i < numTrain; i++)
            total += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, total);
    }

    /* dHidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* ReLU */
    for (i = 0; i < numTrain; i++) {
        for (j = 0; j < numHidden; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    for (j = 0; j < numHidden; j++) {
        double total = 0;
        for (i = 0; i < numTrain; i++)
            total += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
