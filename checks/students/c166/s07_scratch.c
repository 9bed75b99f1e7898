/* backward.c -- row pointers instead of gsl_matrix_get (raw ->data + tda)
 * Author's note: gradients are put together in a struct grads_local and
 * copied into g at the end, so g is only written once. */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local {
    gsl_matrix *dscores, *dhidden, *dW1, *dW2;
    gsl_vector *db1, *db2;
};

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    struct grads_local s;

    s.dscores = gsl_matrix_calloc(N, C);
    s.dhidden = gsl_matrix_calloc(N, H);
    s.dW1 = gsl_matrix_calloc(net->D, H);
    s.dW2 = gsl_matrix_calloc(H, C);
    s.db1 = gsl_vector_calloc(H);
    s.db2 = gsl_vector_calloc(C);

    /* dscores, one row at a time; db2 has the right length and is not
     * needed yet, so it holds the row while we work on it */
    for (i = 0; i < N; i++) {
        const double *p = ROW(cache->prob, i);
        double *d = ROW(s.dscores, i);
        for (j = 0; j < C; j++)
            s.db2->data[j * s.db2->stride] = p[j];
        s.db2->data[y[i] * s.db2->stride] -= 1.0;
        for (j = 0; j < C; j++)
            d[j] = s.db2->data[j * s.db2->stride] / (double) N;
    }

    /* dW2 = p1^T dscores + 2 reg W2 */
    gsl_matrix_memcpy(s.dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, s.dscores,
                   2.0 * reg, s.dW2);

    /* db2 = sum over samples */
    for (i = 0; i < N; i++) {
        const double *d = ROW(s.dscores, i);
        for (j = 0; j < C; j++)
            s.db2->data[j * s.db2->stride] += d[j];
    }

    /* dp1 = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, s.dscores, net->W2, 0.0,
                   s.dhidden);
    gsl_matrix_memcpy(g->dp1, s.dhidden);

    /* relu: kill the gradient where z1 <= 0 (in place) */
    for (i = 0; i < N; i++) {
        const double *z = ROW(cache->z1, i);
        double *d = ROW(s.dhidden, i);
        for (j = 0; j < H; j++)
            if (z[j] <= 0.0)
                d[j] = 0.0;
    }

    gsl_matrix_memcpy(s.dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, s.dhidden, 2.0 * reg,
                   s.dW1);
    for (i = 0; i < N; i++) {
        const double *d = ROW(s.dhidden, i);
        for (j = 0; j < H; j++)
            s.db1->data[j * s.db1->stride] += d[j];
    }

    /* copy out */
    gsl_matrix_memcpy(g->dz2, s.dscores);
    gsl_matrix_memcpy(g->dW2, s.dW2);
    gsl_vector_memcpy(g->db2, s.db2);
    gsl_matrix_memcpy(g->dz1, s.dhidden);
    gsl_matrix_memcpy(g->dW1, s.dW1);
    gsl_vector_memcpy(g->db1, s.db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(s.dscores);
    gsl_matrix_free(s.dhidden);
    gsl_matrix_free(s.dW1);
    gsl_matrix_free(s.dW2);
    gsl_vector_free(s.db1);
    gsl_vector_free(s.db2);
    return 0;
}
