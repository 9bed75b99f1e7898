// backward.c for HW3
// z1 = X W1 + b1 ; a1 = relu(z1) ; z2 = a1 W2 + b2 ; loss = mean CE + reg*(|W1|^2+|W2|^2)

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double col_sum(const gsl_matrix *M, size_t col)
{
    double s = 0.0;
    for (size_t r = 0; r < M->size1; r++)
        s += gsl_matrix_get(M, r, col);
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *delta2 = g->dz2;
    gsl_matrix *delta1 = g->dz1;

    /* delta2 */
    gsl_matrix_memcpy(delta2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(delta2, i, y[i], gsl_matrix_get(delta2, i, y[i]) - 1.0);
    gsl_matrix_scale(delta2, 1.0 / N);

    /* grad_W2 = a1^T delta2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, delta2, 2.0 * reg, g->dW2);

    /* grad_b2 */
    for (size_t c = 0; c < net->C; c++)
        gsl_vector_set(g->db2, c, col_sum(delta2, c));

    /* dp1, delta1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(delta1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < net->H; h++)
            if (gsl_matrix_get(cache->z1, i, h) <= 0.0)
                gsl_matrix_set(delta1, i, h, 0.0);

    /* grad_W1 = X^T delta1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, delta1, 2.0 * reg, g->dW1);

    /* grad_b1 = mean of delta1 over the batch */
    for (size_t h = 0; h < net->H; h++)
        gsl_vector_set(g->db1, h, col_sum(delta1, h) / N);

    g->present = BP_GRADS_ALL;
    return 0;
}
