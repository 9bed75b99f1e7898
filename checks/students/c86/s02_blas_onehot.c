// backward.c  (assignment 2, part 3)
// My numpy solution, line by line in C with BLAS for the dots.
// numpy line in the comment, C below it.

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // onehot = np.zeros_like(probs)
    gsl_matrix *onehot = gsl_matrix_calloc(N, C);
    // onehot[np.arange(N), y] = 1
    for (i = 0; i < N; i++)
        gsl_matrix_set(onehot, i, y[i], 1.0);

    // dscores = (probs - onehot) / N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, onehot);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // grads['W2'] = h.T @ dscores + 2 * reg * W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // ones = np.ones(N)
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);
    // grads['b2'] = dscores.T @ ones     (= dscores.sum(axis=0))
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // dh = dscores @ W2.T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dh_relu = dh.copy()
    // dh_relu[h <= 0] = 0
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->p1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    // grads['W1'] = X.T @ dh_relu + 2 * reg * W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // grads['b1'] = dh_relu.T @ ones
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    gsl_matrix_free(onehot);
    g->present = BP_GRADS_ALL;
    return 0;
}
