/* backward.c
 *
 * Kenji Watanabe, homework 3.
 * The cache's softmax is fine (checked it against mine last week), but I
 * rebuild the hidden pre-activation zz = X W1 + b1 myself for the ReLU
 * gate, in a flat array, zz[n*H + j] for sample n, unit j.
 */
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double *zz = malloc(N * H * sizeof *zz);
    if (!zz)
        return 1;

    /* hidden pre-activation, again */
    for (size_t n = 0; n < N; n++)
        for (size_t j = 0; j < H; j++) {
            double acc = gsl_vector_get(net->b1, j);
            for (size_t d = 0; d < D; d++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(net->W1, d, j);
            zz[n * H + j] = acc;
        }

    /* scores */
    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < C; c++) {
            double v = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n])
                v -= 1.0;
            gsl_matrix_set(g->dz2, n, c, v / (double) N);
        }

    /* output layer: dW2 = p1' dz2 + 2 reg W2, db2 = sum of rows */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, n);
        gsl_vector_add(g->db2, &r.vector);
    }

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* gate, one hidden unit (column) at a time */
    for (size_t j = 0; j < H; j++)
        for (size_t n = 0; n < N; n++) {
            double gate = zz[j * N + n] > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, n, j, gate * gsl_matrix_get(g->dp1, n, j));
        }

    /* input layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, n);
        gsl_vector_add(g->db1, &r.vector);
    }

    free(zz);
    g->present = BP_GRADS_ALL;
    return 0;
}
