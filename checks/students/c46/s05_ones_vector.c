/* Assignment 3 - backward pass
 * Bias gradients are done as (ones^T * delta) with dgemv, products with dgemm.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    const gsl_matrix *probs = cache->prob;
    gsl_matrix *dScores = g->dz2;
    gsl_vector *ones = gsl_vector_alloc (N);
    gsl_vector_set_all (ones, 1.0);

    /* gradient of the softmax loss */
    gsl_matrix_memcpy (dScores, probs);
    for (i = 0; i < N; i++)
    {
        double v = gsl_matrix_get (dScores, i, y[i]);
        gsl_matrix_set (dScores, i, y[i], v - 1.0);
    }
    double invBatch = 1.0 / (double) probs->size2;
    gsl_matrix_scale (dScores, invBatch);

    /* output layer */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dScores,
                    2.0 * reg, g->dW2);
    gsl_blas_dgemv (CblasTrans, 1.0, dScores, ones, 0.0, g->db2);

    /* hidden layer */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dScores, net->W2,
                    0.0, g->dp1);
    gsl_matrix_memcpy (g->dz1, g->dp1);
    for (i = 0; i < N; i++)
    {
        size_t j;
        for (j = 0; j < net->H; j++)
        {
            if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
                gsl_matrix_set (g->dz1, i, j, 0.0);
        }
    }
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                    2.0 * reg, g->dW1);
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free (ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
