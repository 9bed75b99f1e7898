/*
 * backward pass -- 2 layer fully connected net
 * uses the gradient buffers themselves as work space (no extra memory)
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* ---------- output ---------- */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    gsl_matrix_memcpy(g->dW2, net->W2);            /* dW2 <- W2        */
    gsl_matrix_scale(g->dW2, 2.0 * reg);           /* dW2 <- 2 reg W2  */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans,       /* dW2 += p1' dz2   */
                   1.0, cache->p1, g->dz2, 1.0, g->dW2);

    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    /* ---------- hidden ---------- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    gsl_matrix_memcpy(g->dW1, net->W1);            /* dW1 <- W1        */
    gsl_matrix_scale(g->dW1, 2.0 * reg);           /* dW1 <- 2 reg W1  */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans,       /* dW1 += X' dz1    */
                   1.0, X, g->dz1, 1.0, g->dW1);
    gsl_matrix_scale(g->dW1, 1.0 / (double)N);     /* average over batch */

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
