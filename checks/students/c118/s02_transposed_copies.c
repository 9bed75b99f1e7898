// backward pass, two layer net
// I prefer to form the transposes explicitly (transpose_memcpy) and then
// only multiply plain matrices, it is easier for me to check the shapes
// on paper this way.  Bias gradients: A^T * ones.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    int status = 0;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix *p1T = gsl_matrix_alloc(H, N);   // p1^T
    gsl_matrix *XT  = gsl_matrix_alloc(D, N);   // X^T
    gsl_matrix *W2T = gsl_matrix_alloc(C, H);   // W2^T
    gsl_vector *ones = gsl_vector_alloc(N);
    if (!p1T || !XT || !W2T || !ones) {
        status = 1;
        goto out;
    }
    gsl_vector_set_all(ones, 1.0);
    gsl_matrix_transpose_memcpy(p1T, cache->p1);
    gsl_matrix_transpose_memcpy(XT, X);
    gsl_matrix_transpose_memcpy(W2T, net->W2);

    // dz2 = (softmax - onehot) / N
    for (j = 0; j < C; j++) {
        for (i = 0; i < N; i++) {
            double v = gsl_matrix_get(cache->prob, i, j);
            if (y[i] == j)
                v -= 1.0;
            gsl_matrix_set(g->dz2, i, j, v / N);
        }
    }

    // dW2 = p1T * dz2 + 2*reg*W2
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, g->dW2);
    for (j = 0; j < C; j++)
        for (i = 0; i < H; i++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W2, i, j));

    // db2 = dz2^T * 1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // dp1 = dz2 * W2T
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

    // dz1: relu gate
    for (j = 0; j < H; j++)
        for (i = 0; i < N; i++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ?
                           gsl_matrix_get(g->dp1, i, j) : 0.0);

    // dW1 = XT * dz1 + 2*reg*W1
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 0.0, g->dW1);
    for (j = 0; j < H; j++)
        for (i = 0; i < D; i++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

    // db1 = dz1^T * 1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    g->present = BP_GRADS_ALL;
out:
    gsl_matrix_free(p1T);
    gsl_matrix_free(XT);
    gsl_matrix_free(W2T);
    gsl_vector_free(ones);
    return status;
}
