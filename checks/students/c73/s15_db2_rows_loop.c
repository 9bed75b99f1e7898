/* backward.c
 * Second homework: gradients of the two layer net by backpropagation.
 * n_samples x n_classes, n_hidden x n_classes etc. as in the handout. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n_samples = X->size1;
    size_t n_inputs = net->D;
    size_t n_hidden = net->H;
    size_t n_classes = net->C;
    size_t i, j;

    if (n_samples != cache->N || X->size2 != n_inputs || g->N != n_samples) {
        return 1;
    }

    /* gradient of the data loss wrt the scores, the /N is from the mean */
    gsl_matrix *grad_scores = gsl_matrix_alloc(n_samples, n_classes);
    gsl_matrix_memcpy(grad_scores, cache->prob);
    for (i = 0; i < n_samples; i++) {
        gsl_matrix_set(grad_scores, i, y[i], gsl_matrix_get(grad_scores, i, y[i]) - 1.0);
    }
    gsl_matrix_scale(grad_scores, 1.0 / n_samples);
    gsl_matrix_memcpy(g->dz2, grad_scores);

    /* dW2 = p1^T grad_scores, then + 2*reg*W2 */
    gsl_matrix *grad_W2 = gsl_matrix_alloc(n_hidden, n_classes);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, grad_scores, 0.0, grad_W2);
    gsl_matrix *two_reg_W2 = gsl_matrix_alloc(n_hidden, n_classes);
    gsl_matrix_memcpy(two_reg_W2, net->W2);
    gsl_matrix_scale(two_reg_W2, 2.0 * reg);
    gsl_matrix_add(grad_W2, two_reg_W2);
    gsl_matrix_memcpy(g->dW2, grad_W2);
    gsl_matrix_free(grad_W2);
    gsl_matrix_free(two_reg_W2);

    /* db2 = sum of grad_scores over the samples, for every class */
    gsl_vector *grad_b2 = gsl_vector_alloc(n_classes);
    for (j = 0; j < n_classes; j++) {
        double total = 0.0;
        for (i = 0; i < n_classes; i++) {
            total += gsl_matrix_get(grad_scores, i, j);
        }
        gsl_vector_set(grad_b2, j, total);
    }
    gsl_vector_memcpy(g->db2, grad_b2);
    gsl_vector_free(grad_b2);

    /* gradient wrt the hidden activations: grad_scores W2^T */
    gsl_matrix *grad_hidden = gsl_matrix_alloc(n_samples, n_hidden);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_scores, net->W2, 0.0, grad_hidden);
    gsl_matrix_memcpy(g->dp1, grad_hidden);
    gsl_matrix_free(grad_scores);

    /* back through the relu: the derivative is 0 where z1 <= 0 */
    for (i = 0; i < n_samples; i++) {
        for (j = 0; j < n_hidden; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0) {
                gsl_matrix_set(grad_hidden, i, j, 0.0);
            }
        }
    }
    gsl_matrix_memcpy(g->dz1, grad_hidden);

    /* dW1 = X^T dz1 + 2*reg*W1 */
    gsl_matrix *grad_W1 = gsl_matrix_alloc(n_inputs, n_hidden);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, grad_hidden, 0.0, grad_W1);
    gsl_matrix *two_reg_W1 = gsl_matrix_alloc(n_inputs, n_hidden);
    gsl_matrix_memcpy(two_reg_W1, net->W1);
    gsl_matrix_scale(two_reg_W1, 2.0 * reg);
    gsl_matrix_add(grad_W1, two_reg_W1);
    gsl_matrix_memcpy(g->dW1, grad_W1);
    gsl_matrix_free(grad_W1);
    gsl_matrix_free(two_reg_W1);

    /* db1 = sum of dz1 over the samples */
    gsl_vector *grad_b1 = gsl_vector_alloc(n_hidden);
    for (j = 0; j < n_hidden; j++) {
        double total = 0.0;
        for (i = 0; i < n_samples; i++) {
            total += gsl_matrix_get(grad_hidden, i, j);
        }
        gsl_vector_set(grad_b1, j, total);
    }
    gsl_vector_memcpy(g->db1, grad_b1);
    gsl_vector_free(grad_b1);
    gsl_matrix_free(grad_hidden);

    g->present = BP_GRADS_ALL;
    return 0;
}
