/* backward.c  --  Assignment 2 (neural nets), backward pass
 *
 * Keeps the "probs minus one-hot" matrix in a temporary called delta
 * so it can be reused for the second layer.  delta is freed at the end.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H, C = net->C;
    gsl_matrix *delta;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    delta = gsl_matrix_alloc(N, C);
    if (delta == NULL)
        return 1;

    /* delta = probs - onehot(y) */
    gsl_matrix_memcpy(delta, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(delta, i, y[i], gsl_matrix_get(delta, i, y[i]) - 1.0);

    /* dz2 = delta / N  (mean over the batch) */
    gsl_matrix_memcpy(g->dz2, delta);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = p1^T dz2 + 2*reg*W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 = column sums of dz2 */
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 * (z1 > 0) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 = X^T dz1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 = column sums of dz1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(delta);
    g->present = BP_GRADS_ALL;
    return 0;
}
