// HW5 backprop -- Priya S.
// I used gsl_blas_dgemm for all the matrix products (lecture 14 slides),
// the rest is small loops.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // scores gradient: copy the probabilities, subtract 1 at the label, average
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // dW2 = p1' * dz2, then the regularization part
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix *regW2 = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(regW2, net->W2);
    gsl_matrix_scale(regW2, 2.0 * reg);
    gsl_matrix_add(g->dW2, regW2);
    gsl_matrix_free(regW2);

    // db2: column sums of dz2 = dz2' * ones
    gsl_vector *onesN = gsl_vector_alloc(N);
    gsl_vector_set_all(onesN, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, onesN, 0.0, g->db2);

    // backprop into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: zero out where the unit was off
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        for (size_t j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    // first layer, same as the second one
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix *regW1 = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, regW1);
    gsl_matrix_free(regW1);

    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, onesN, 0.0, g->db1);
    gsl_vector_free(onesN);

    g->present = BP_GRADS_ALL;
    return 0;
}
