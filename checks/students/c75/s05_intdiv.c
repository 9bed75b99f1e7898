/* backward.c -- backprop for the 2-layer MLP (assignment 3)
 * Author: kept anonymous for grading
 *
 * Notation follows lecture 7: delta2 = dL/dz2, delta1 = dL/dz1. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* mean over the batch */
    const double scale = 1 / N;

    /* delta2 = (softmax - onehot) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double t = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k,
                           (gsl_matrix_get(cache->prob, i, k) - t) * scale);
        }
    }

    /* dW2, db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++) {
            s += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 = delta2 W2^T, then delta1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double d = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0) {
                d = 0.0;
            }
            gsl_matrix_set(g->dz1, i, j, d);
        }
    }

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++) {
            s += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
