/* HW 4, problem 3: backprop for the 2 layer network
 * Priya S.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    // ---- output layer ----
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz2, i);
        gsl_vector_set(&row.vector, y[i], gsl_vector_get(&row.vector, y[i]) - 1.0);
        gsl_vector_scale(&row.vector, 1.0 / N);
    }

    // dW2 = p1^T * dz2 + reg * W2   (derivative of the reg term)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, reg, g->dW2);

    // db2 = column sums of dz2
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    // ---- hidden layer ----
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            double up = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, (z > 0) ? up : 0.0);
        }
    }

    // dW1 = X^T * dz1 + 2 * reg * W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
