/*
 * backward.c for homework 4
 * by G. Ferreira
 *
 * I use gsl_blas_dgemm for every product; the bias gradients are sums
 * of the columns, done with a loop.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows(gsl_matrix *m, gsl_vector *v)
{
    size_t i, j;

    gsl_vector_set_zero(v);
    for (i = 0; i < m->size1; i++)
        for (j = 0; j < m->size2; j++)
            *gsl_vector_ptr(v, j) += gsl_matrix_get(m, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N, H, i, j;

    N = X->size1;
    H = net->H;
    if (N != (int) cache->N || X->size2 != net->D || (int) g->N != N)
        return 1;

    /* Gradient of the average cross entropy w.r.t. the scores.
     * Start from the probabilities, average over the batch, and take
     * one off at the correct class. */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;

    /* W2 and b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    sum_rows(g->dz2, g->db2);

    /* back through W2 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);

    /* back through the relu: keep where z1 > 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* W1 and b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
