// backward.c  (assignment 2, two layer net)
// Mostly BLAS.  The relu backward is done in place on dp1, like
//     dhidden[hidden <= 0] = 0
// in my numpy version, and the result is copied to dz1.
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t i, j;

    if (g->N != N || cache->N != N)
        return 1;

    // scores grad, db2 on the fly
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, i);
        *gsl_vector_ptr(&r.vector, y[i]) -= 1.0;
        gsl_vector_scale(&r.vector, 1.0 / (double)N);
        gsl_vector_add(g->db2, &r.vector);
    }

    // dW2 = p1' dz2 + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    // dp1 = dz2 W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: kill where z1 <= 0, in place, and sum db1 while we are here
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double *p = gsl_matrix_ptr(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                *p = 0.0;
            *gsl_vector_ptr(g->db1, j) += *p;
        }
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);

    // dW1 = X' dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
