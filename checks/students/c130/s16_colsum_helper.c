/* backward.c -- Neural Networks assignment, question 3
 * Name: Olivia Bouchard
 *
 * colsum() is used for both bias gradients (sum over the batch).
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum over rows i of M[i][j] */
static void colsum(const gsl_matrix *M, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < M->size2; j++) {
        double total = 0.0;
        for (i = 0; i < M->size1 - 1; i++)
            total += gsl_matrix_get(M, i, j);
        gsl_vector_set(out, j, total);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double scale = 1.0 / (double) N;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dL/dscores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, scale);

    /* W2 and b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    colsum(g->dz2, g->db2);

    /* hidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0.0))
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* W1 and b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
