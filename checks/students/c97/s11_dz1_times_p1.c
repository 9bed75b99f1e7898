/* backward.c -- backprop, homework 3
 *
 * v3: tidied up, the relu step now uses gsl_matrix_mul_elements
 * (old loop kept below, #if 0)
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double val;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    /* gradient of the mean softmax loss wrt the scores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
    {
        val = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], val - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* second layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (j = 0; j < net->C; j++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
        gsl_vector_set(g->db2, j, gsl_vector_sum(&col.vector));
    }
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
#ifdef DEBUG
    {
        gsl_vector_const_view r0 = gsl_matrix_const_row(g->dp1, 0);
        printf("|dp1 row 0| = %f\n", gsl_blas_dnrm2(&r0.vector));
    }
#endif

    /* relu */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, cache->p1);
#if 0
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            val = gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, val * gsl_matrix_get(g->dp1, i, j));
        }
    }
#endif
    // printf("dz1[0][0] %f  dp1[0][0] %f\n", gsl_matrix_get(g->dz1,0,0), gsl_matrix_get(g->dp1,0,0));

    /* first layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < net->H; j++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
        gsl_vector_set(g->db1, j, gsl_vector_sum(&col.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
