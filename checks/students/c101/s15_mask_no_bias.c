/* backward.c -- retake, v2
 * The mask for the relu: I recompute the pre-activation X W1 myself with
 * dgemm instead of taking it from the cache, because I was not sure the
 * cache's z1 is before or after the relu (the name says before, but).
 * Two copies of dz2 as well: one local, used for everything, one in g. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *pre = NULL, *d2 = NULL;
    int status = 1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    pre = gsl_matrix_alloc(N, H);
    d2 = gsl_matrix_alloc(N, C);
    if (!pre || !d2)
        goto done;

    /* dz2 into d2, then copy to g */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(d2, i, j, gsl_matrix_get(cache->prob, i, j) / N);
    for (i = 0; i < N; i++)
        gsl_matrix_set(d2, i, y[i], gsl_matrix_get(d2, i, y[i]) - 1.0 / N);
    gsl_matrix_memcpy(g->dz2, d2);

    /* dW2 and db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, d2, 2.0 * reg, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(d2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, d2, net->W2, 0.0, g->dp1);

    /* pre-activation, recomputed: pre = X W1 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, pre);

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(pre, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    status = 0;
done:
    gsl_matrix_free(pre);
    gsl_matrix_free(d2);
    return status;
}
