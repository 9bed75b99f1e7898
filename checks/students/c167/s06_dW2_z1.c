// backward.c  --  assignment 2, part 3
// forward cache: z1, p1, z2, prob.  everything below is blas.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    // ---- output layer ----
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, i);
        *gsl_vector_ptr(&r.vector, y[i]) -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // dW2 = h^T * dscores + 2 reg W2   (h = hidden layer before W2)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2, 2.0 * reg, g->dW2);

    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // ---- hidden layer ----
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    (void)C;
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
