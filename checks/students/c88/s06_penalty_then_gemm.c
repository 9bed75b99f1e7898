/* backward.c -- two-layer net, backward pass.
 * Weight matrices here are contiguous (tda == size2), so the L2 term is a
 * single daxpy on the flattened matrix. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define FLAT(m) gsl_vector_view_array((m)->data, (m)->size1 * (m)->size2)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t n, h;
    gsl_vector *ones = NULL;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* ---- output layer ---- */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    {
        gsl_vector_view w2 = FLAT(net->W2), dw2 = FLAT(g->dW2);
        gsl_blas_daxpy(2.0 * reg, &w2.vector, &dw2.vector);          /* reg part */
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2); /* data */
    }
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* ---- hidden layer ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            if (!(gsl_matrix_get(cache->z1, n, h) > 0.0))
                gsl_matrix_set(g->dz1, n, h, 0.0);
        }
    }

    /* ---- input layer ---- */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    {
        gsl_vector_view w1 = FLAT(net->W1), dw1 = FLAT(g->dW1);
        gsl_blas_daxpy(2.0 * reg, &w1.vector, &dw1.vector);
    }
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
