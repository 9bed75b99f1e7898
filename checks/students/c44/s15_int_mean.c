/* backward.c -- intro DL homework 3
 * by Chen Y.
 *
 * Matrix products with gsl_blas_dgemm (trans flags for the A^T B ones),
 * ReLU done in place on dz1 after copying dp1 into it.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows (const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get (A, i, j);
        gsl_vector_set (out, j, s);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double mean = 1 / N;     /* the loss is averaged over the batch */

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax CE gradient */
    gsl_matrix_memcpy (g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale (g->dz2, mean);

    /* second layer */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    sum_rows (g->dz2, g->db2);
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu, in place */
    gsl_matrix_memcpy (g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (!(gsl_matrix_get (cache->z1, i, j) > 0))
                gsl_matrix_set (g->dz1, i, j, 0);

    /* first layer */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    sum_rows (g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
