/* backward.c -- second submission
 *
 * changes: dW2 is now one dgemm (dz2^T p1) instead of the triple loop.
 * dgemm gives it as (C,H) so I copy it over into dW2 (H,C).
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;
    gsl_matrix *tmp;
    double check = 0.0;   /* debug */

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* 2. dW2 */
    tmp = gsl_matrix_alloc(C, H);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, g->dz2, cache->p1, 0.0, tmp);
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            gsl_matrix_set(g->dW2, h, c, tmp->data[h * C + c]);
            check += gsl_matrix_get(tmp, c, h);
        }
    gsl_matrix_free(tmp);
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c)
                           + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
    if (0)
        fprintf(stderr, "check %g\n", check);

    /* 3. db2 */
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + gsl_matrix_get(g->dz2, n, c));

    /* 4. dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5. dz1 */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0
                           ? gsl_matrix_get(g->dp1, n, h) : 0.0);

    /* 6. dW1 -- still the loop, works */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            double s = 0.0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, s + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }

    /* 7. db1 */
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + gsl_matrix_get(g->dz1, n, h));

    g->present = BP_GRADS_ALL;
    return 0;
}
