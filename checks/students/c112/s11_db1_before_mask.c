/* backward.c -- HW3, backward pass of the two layer network.
 * One pass over the hidden gradient does the copy, db1 and the mask.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n_samples = X->size1;
    size_t n_hidden = net->H;
    size_t n_classes = net->C;
    size_t i, j;

    if (n_samples != cache->N || X->size2 != net->D || g->N != n_samples)
        return 1;

    /* gradient of the loss wrt the scores */
    for (i = 0; i < n_samples; i++) {
        for (j = 0; j < n_classes; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                p -= 1.0;
            gsl_matrix_set(g->dz2, i, j, p / n_samples);
        }
    }

    /* second layer weights and bias */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < n_samples; i++)
        for (j = 0; j < n_classes; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(g->dz2, i, j));

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < n_samples; i++) {
        for (j = 0; j < n_hidden; j++) {
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, i, j));
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* first layer weights */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
