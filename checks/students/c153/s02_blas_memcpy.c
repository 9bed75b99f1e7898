// Two layer net backward pass, done with BLAS (gsl_blas_dgemm / dgemv)
// the bias gradients are a matrix-vector product with a vector of ones

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t numTrain = X->size1;
    size_t i, j;
    gsl_vector *ones;

    if (numTrain != cache->N || X->size2 != net->D || g->N != numTrain)
    {
        return 1;
    }

    ones = gsl_vector_alloc(numTrain);
    if (ones == NULL)
    {
        return 1;
    }
    gsl_vector_set_all(ones, 1.0);

    /* 1. dz2 = (probs - onehot(y)) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < numTrain; i++)
    {
        double old = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], old - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) numTrain);

    /* 2. dW2 = p1^T dz2 + 2 reg W2  (copy W2 first, then beta = 2 reg) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* 3. db2 = dz2^T * ones */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* 4. dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5. relu: let the gradient through only where z1 > 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < numTrain; i++)
    {
        gsl_vector_const_view zRow = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_view dRow = gsl_matrix_row(g->dz1, i);
        for (j = 0; j < zRow.vector.size; j++)
        {
            if (!(gsl_vector_get(&zRow.vector, j) > 0.0))
            {
                gsl_vector_set(&dRow.vector, j, 0.0);
            }
        }
    }

    /* 6. dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* 7. db1 = dz1^T * ones */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
