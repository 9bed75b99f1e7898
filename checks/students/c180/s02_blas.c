// Yapay Sinir Aglari - Odev 2
// Elif Demir, 21011045
// backward pass with gsl_blas_dgemm (Lecture 5 slides, "matrix form")

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores = (probs - y_onehot) / N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // dW2 = hidden^T * dscores + 2*reg*W2
    // (copy W2 into dW2 first, then beta = 2*reg adds the reg term)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // db2 = sum of the rows of dscores
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view satir = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &satir.vector);
    }

    // dhidden = dscores * W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu backward: gradient passes only where z1 > 0
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    // dW1 = X^T * dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view satir = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &satir.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
