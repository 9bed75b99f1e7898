// backward.c  -- Assignment 3, Q2
// Arjun R, 3rd yr ECE
// Manual says loops but loops for matrix multiply were slow so I used
// gsl_blas_dgemm for the products (sir allowed). Rest is loops.
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// sum of every column of A into v
static void column_sum(const gsl_matrix *A, gsl_vector *v)
{
    for (size_t j = 0; j < A->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(A, j);
        double s = 0;
        for (size_t i = 0; i < col.vector.size; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(v, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // 1. dz2
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < net->C; c++) {
            double ind = (c == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, c, (gsl_matrix_get(cache->prob, i, c) - ind) / (double)N);
        }
    }

    // 2. dW2 = p1' * dz2 + 2*reg*W2  (beta = 2 reg with dW2 = W2 first)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    // 3. db2
    column_sum(g->dz2, g->db2);

    // 4. dp1 = dz2 * W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // 5. dz1 : copy dp1 then zero the dead units
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < net->H; h++)
            if (gsl_matrix_get(cache->z1, i, h) <= 0)
                gsl_matrix_set(g->dz1, i, h, 0.0);

    // 6. dW1 = X' * dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // 7. db1
    column_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
