// backward.c -- backward pass of the 2-layer net, from my numpy notebook.
//
//   numpy                          C
//   dp1 = dz2.dot(W2.T)            dgemm into g->dp1
//   dz1 = dp1                      (same array, new name)
//   dz1[z1 <= 0] = 0               loop
//
// I save all seven gradients like the README asks.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // onehot = np.zeros((N, C)); onehot[np.arange(N), y] = 1
    gsl_matrix *onehot = gsl_matrix_calloc(N, net->C);
    for (i = 0; i < N; i++)
        gsl_matrix_set(onehot, i, y[i], 1.0);

    // dz2 = (probs - onehot) / N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, onehot);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = p1.T.dot(dz2) + 2 * reg * W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    // db2 = dz2.sum(axis=0)
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    // dp1 = dz2.dot(W2.T)
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1
    gsl_matrix *dz1 = g->dp1;
    // dz1[z1 <= 0] = 0
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(dz1, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, dz1);

    // dW1 = X.T.dot(dz1) + 2 * reg * W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1 = dz1.sum(axis=0)
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    gsl_matrix_free(onehot);
    g->present = BP_GRADS_ALL;
    return 0;
}
