/* backward.c -- hw3
 * names follow the lecture: scores -> dscores, hidden -> dhidden.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    gsl_matrix *labels = gsl_matrix_calloc(N, C);   /* one-hot */
    gsl_matrix *active = gsl_matrix_calloc(N, H);   /* relu mask */
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_matrix *dscores = g->dz2, *dhidden = g->dp1, *dhidden_relu = g->dz1;

    for (size_t i = 0; i < N; i++) {
        gsl_matrix_set(labels, i, y[i], 1.0);
        for (size_t j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0) {
                gsl_matrix_set(active, i, j, 1.0);
            }
        }
    }
    gsl_vector_set_all(ones, 1.0);

    /* dscores = (probs - labels) / N */
    gsl_matrix_memcpy(dscores, cache->prob);
    gsl_matrix_sub(dscores, labels);
    gsl_matrix_scale(dscores, 1.0 / N);

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 1.0, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, dscores, ones, 0.0, g->db2);

    /* dhidden = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

    /* relu */
    gsl_matrix_memcpy(dhidden_relu, dhidden);
    gsl_matrix_mul_elements(dhidden_relu, active);

    /* W1, b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden_relu, 1.0, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, dhidden, ones, 0.0, g->db1);

    gsl_matrix_free(labels);
    gsl_matrix_free(active);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
