/*
 * Assignment 2: neural network backward pass
 * Student no. 4419032
 *
 * Shapes (from the template):
 *   dz2 n_samples x n_classes, dW2 n_hidden x n_classes, dp1/dz1 n_samples x n_hidden
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n_samples = X->size1;
    size_t n_hidden = net->H;
    size_t n_classes = net->C;
    size_t i, j;

    if (n_samples != cache->N || X->size2 != net->D || g->N != n_samples)
        return 1;

    /* Step 1: softmax loss gradient */
    for (i = 0; i < n_samples; i++) {
        for (j = 0; j < n_classes; j++) {
            double target = (j == y[i]) ? 1.0 : 0.0;
            double val = (gsl_matrix_get(cache->prob, i, j) - target) / n_samples;
            gsl_matrix_set(g->dz2, i, j, val);
        }
    }

    /* Step 2: dW2 (reg term added after) */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (i = 0; i < n_hidden; i++) {
        for (j = 0; j < n_classes; j++) {
            double w = gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * w);
        }
    }

    /* Step 3: db2 */
    for (j = 0; j < n_classes; j++) {
        double total = 0;
        for (i = 0; i < n_samples; i++)
            total += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, total);
    }

    /* Step 4: dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* Step 5: copy dp1 then zero out where relu was inactive */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 1; i < n_samples; i++) {
        for (j = 0; j < n_hidden; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* Step 6: dW1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (i = 0; i < net->D; i++) {
        for (j = 0; j < n_hidden; j++) {
            double w = gsl_matrix_get(net->W1, i, j);
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * w);
        }
    }

    /* Step 7: db1 */
    for (j = 0; j < n_hidden; j++) {
        double total = 0;
        for (i = 0; i < n_samples; i++)
            total += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
