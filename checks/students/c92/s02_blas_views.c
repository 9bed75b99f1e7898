// Lab 6 -- backward pass using gsl_blas_dgemm
// (the loop version was too slow on the big net)

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t n, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2 = (prob - Y)/N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++) {
        double v = gsl_matrix_get(g->dz2, n, y[n]);
        gsl_matrix_set(g->dz2, n, y[n], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // dW2 = p1' * dz2 + 2*reg*W2   (copy W2 in first, beta does the reg)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // db2 = sum over samples
    for (j = 0; j < g->dz2->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_vector_get(&col.vector, n);
        gsl_vector_set(g->db2, j, s);
    }

    // dp1 = dz2 * W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 where z1 > 0, else 0
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++) {
        gsl_vector_view row = gsl_matrix_row(g->dz1, n);
        gsl_vector_const_view zrow = gsl_matrix_const_row(cache->z1, n);
        for (j = 0; j < row.vector.size; j++)
            if (gsl_vector_get(&zrow.vector, j) <= 0.0)
                gsl_vector_set(&row.vector, j, 0.0);
    }

    // dW1 = X' * dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1
    for (j = 0; j < g->dz1->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_vector_get(&col.vector, n);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
