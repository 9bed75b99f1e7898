/* backward.c
 *
 *   Lab 4: backward pass through the two layer network.
 *   dz2 is built in place from a copy of prob.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N;
    int i, j;
    double *p;

    N = X->size1;
    if (N == 0 || N != cache->N || net->C != cache->C)
        return 1;

    /* scores: (prob - onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);
    for (i = 0; i < (int) N; i++)
    {
        p = g->dz2->data + i * g->dz2->tda + y[i];
        *p -= 1.0;
    }

    /* W2 and b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    for (j = 0; j < (int) net->C; j++)
    {
        gsl_vector_const_view c = gsl_matrix_const_column(g->dz2, j);
        gsl_vector_set(g->db2, j, gsl_vector_sum(&c.vector));
    }

    /* hidden activations */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* through the relu, in place on a copy of dp1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < (int) N; i++)
        for (j = 0; j < (int) net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* W1 and b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < (int) net->H; j++)
    {
        gsl_vector_const_view c = gsl_matrix_const_column(g->dz1, j);
        gsl_vector_set(g->db1, j, gsl_vector_sum(&c.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
