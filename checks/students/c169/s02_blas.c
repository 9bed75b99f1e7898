// backward pass with BLAS
// Clara & Dev -- A = Clara, B = Dev
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;

    // A: dscores starts as a copy of probs
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++) {
        double v = gsl_matrix_get(dscores, i, y[i]);
        gsl_matrix_set(dscores, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(dscores, 1.0 / (double) N);

    // dW2 = p1^T * dscores + 2*reg*W2   (B: beta trick, copy W2 first)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                   2.0 * reg, g->dW2);

    // db2: add up the rows
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dscores, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    // dhidden = dscores * W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                   dhidden);

    // B: relu backward, z1 <= 0 -> 0
    gsl_matrix_memcpy(g->dz1, dhidden);
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0) {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    // dW1 = X^T dz1 + 2 reg W1, same trick as dW2
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                   g->dW1);

    // db1 with a ones vector this time (A: just to try it)
    gsl_vector *ones = gsl_vector_alloc(N);
    if (ones == NULL) {
        return 1;
    }
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
