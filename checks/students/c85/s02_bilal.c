/* Lab 5 - backward pass, two layer net
 * Bilal K.
 *
 * I used BLAS for all the matrix products (gsl_blas_dgemm), the
 * lecture said loops are fine but this is shorter.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* sum every column of A into v (v has A->size2 entries) */
static void col_sums(const gsl_matrix *A, gsl_vector *v) {
    size_t r;
    gsl_vector_set_zero(v);
    for (r = 0; r < A->size1; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, r);
        gsl_vector_add(v, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t i, j;

    // dscores = (probs - onehot(y)) / N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);
    // printf("dz2[0][0] = %g\n", gsl_matrix_get(g->dz2, 0, 0));

    // W2, b2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);   // p1^T dz2 + 2 reg W2
    col_sums(g->dz2, g->db2);

    // hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }
    // printf("dz1 row 0: %g %g %g\n", gsl_matrix_get(g->dz1, 0, 0),
    //        gsl_matrix_get(g->dz1, 0, 1), gsl_matrix_get(g->dz1, 0, 2));

    // W1, b1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    col_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
