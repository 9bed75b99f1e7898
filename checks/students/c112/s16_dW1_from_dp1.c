/* backward.c -- backward pass (two layer net, relu, softmax)
 *
 * Order: dz2, dW2, db2, dp1, dz1 (masked copy of dp1), dW1, db1.
 * Nothing is allocated; g's own arrays are used throughout.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
        size_t N = X->size1, H = net->H, C = net->C;
        size_t i, j;

        if (N != cache->N || X->size2 != net->D || g->N != N)
                return 1;

        /* dz2 */
        for (i = 0; i < N; i++)
                for (j = 0; j < C; j++)
                        gsl_matrix_set(g->dz2, i, j,
                                       (gsl_matrix_get(cache->prob, i, j) - (y[i] == j)) / (double)N);

        /* dW2, db2 */
        gsl_matrix_memcpy(g->dW2, net->W2);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
        gsl_vector_set_zero(g->db2);
        for (i = 0; i < N; i++) {
                gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
                gsl_blas_daxpy(1.0, &r.vector, g->db2);
        }

        /* dp1 = dz2 W2^T */
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

        /* dz1: mask the relu */
        gsl_matrix_memcpy(g->dz1, g->dp1);
        for (i = 0; i < N; i++)
                for (j = 0; j < H; j++)
                        if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                                gsl_matrix_set(g->dz1, i, j, 0.0);

        /* dW1 = X^T dz1 + 2 reg W1 (dp1 has been masked above) */
        gsl_matrix_memcpy(g->dW1, net->W1);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 2.0 * reg, g->dW1);

        /* db1 */
        gsl_vector_set_zero(g->db1);
        for (i = 0; i < N; i++) {
                gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
                gsl_blas_daxpy(1.0, &r.vector, g->db1);
        }

        g->present = BP_GRADS_ALL;
        return 0;
}
