/* hw3 backward.c -- my own, not the template
 * (the template loops were too slow, so BLAS everywhere) */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

/* backward for the two-layer net.  dL/dscores = (p - y)/N */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, k;
    gsl_vector *e = gsl_vector_alloc(N);
    gsl_vector_set_all(e, 1.0);

    gsl_matrix_memcpy(g->dz2, cache->z2);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, e, 0.0, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu backward */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (k = 0; k < net->H; k++)
            if (gsl_matrix_get(cache->z1, i, k) <= 0)
                gsl_matrix_set(g->dz1, i, k, 0);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, e, 0.0, g->db1);

    gsl_vector_free(e);
    g->present = BP_GRADS_ALL;
    return 0;
}
