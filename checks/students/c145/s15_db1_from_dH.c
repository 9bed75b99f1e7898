/* HW3  backward()   Kang Minseo  2022-19024 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* b = sum over rows of M  (M: n x m, b: m) */
static void colsum(const gsl_matrix *M, gsl_vector *b)
{
    size_t r, c;
    gsl_vector_set_zero(b);
    for (r = 0; r < M->size1; r++)
        for (c = 0; c < M->size2; c++)
            gsl_vector_set(b, c, gsl_vector_get(b, c) + gsl_matrix_get(M, r, c));
}

/* relu backward, in place: d = d * (a > 0) */
static void relu_back(gsl_matrix *d, const gsl_matrix *a)
{
    size_t r, c;
    for (r = 0; r < d->size1; r++)
        for (c = 0; c < d->size2; c++)
            if (gsl_matrix_get(a, r, c) <= 0.0)
                gsl_matrix_set(d, r, c, 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dS = (P - Y)/N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    colsum(g->dz2, g->db2);

    /* dH, dA */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    relu_back(g->dz1, cache->z1);

    /* W1, b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    colsum(g->dp1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
