// backward.c  (HW3, two-layer net)   -- Lena Brandt
// reg goes in through beta: copy W into dW first, then dgemm with beta

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    gsl_vector *v = gsl_vector_alloc(N);

    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    gsl_vector_set_all(v, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, v, 0.0, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 1.0, g->dp1);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, v, 0.0, g->db1);

    // printf("|dW1| = %g\n", gsl_blas_dnrm2(&gsl_vector_view_array(g->dW1->data, g->dW1->size1 * g->dW1->size2).vector));
    gsl_vector_free(v);
    g->present = BP_GRADS_ALL;
    return 0;
}
